import { defineLiveDoc } from '../../../platform/docs/live-doc.ts';
import { goalsSection } from './goals.ts';
import { ADS_DOC_INPUTS } from './inputs.ts';
import { methodologySection } from './methodology.ts';
import { pilotSection } from './pilot.ts';
import { productionSection } from './production.ts';

/**
 * The ads system's design doc in the section layout of the ML System Design Doc template, every
 * number filled from a measured artifact and naming the command that measured it; a pure function
 * of its inputs, so a test can check the committed doc against them.
 */
export const adsDesignDoc = defineLiveDoc({
  system: 'ads',
  inputs: ADS_DOC_INPUTS,
  render: (inputs, w) =>
    [
      w.L(
        '# ML System Design Doc — banner ads in a mobile app',
        '# ML System Design Doc — баннерная реклама в мобильном приложении',
      ),
      '',
      w.L(
        '> A live document: `mlsd ads doc` regenerates it from the measured artifacts (`bench/results/ads/*.json`, `docs/ads/*.json`); a test fails when this file is out of date with them. The reasoning behind each step is in `src/systems/ads/README.md`. Other language: ',
        '> Живой документ: `mlsd ads doc --lang ru` пересобирает его из измеренных артефактов (`bench/results/ads/*.json`, `docs/ads/*.json`); тест падает, если файл отстал от них. Рассуждения по каждому шагу — в `src/systems/ads/README.md`. Другой язык: ',
      ) + w.L('[Русский](design-doc.ru.md).', '[English](design-doc.md).'),
      '',
      goalsSection(w, inputs),
      methodologySection(w, inputs),
      pilotSection(w, inputs),
      productionSection(w, inputs),
    ].join('\n'),
});
