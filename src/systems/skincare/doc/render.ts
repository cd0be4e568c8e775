import { defineLiveDoc } from '../../../platform/docs/live-doc.ts';
import { goalsSection } from './goals.ts';
import { SKINCARE_DOC_INPUTS } from './inputs.ts';
import { methodologySection } from './methodology.ts';
import { pilotSection } from './pilot.ts';
import { productionSection } from './production.ts';

/**
 * The skincare system's design doc in the section layout of the ML System Design Doc template,
 * every number filled from a measured artifact and naming the command that measured it — and,
 * where nothing could be measured here, saying so with the protocol that would measure it.
 */
export const skincareDesignDoc = defineLiveDoc({
  system: 'skincare',
  inputs: SKINCARE_DOC_INPUTS,
  render: (inputs, w) =>
    [
      w.L(
        '# ML System Design Doc — skincare recommendations from a photo and a questionnaire',
        '# ML System Design Doc — рекомендации по уходу за кожей по фото и анкете',
      ),
      '',
      w.L(
        '> A live document: `mlsd skincare doc` regenerates it from the measured artifacts (`bench/results/skincare/*.json`, `docs/skincare/*.json`); a test fails when this file is out of date with them. The reasoning behind each step is in `src/systems/skincare/README.md`. Other language: ',
        '> Живой документ: `mlsd skincare doc --lang ru` пересобирает его из измеренных артефактов (`bench/results/skincare/*.json`, `docs/skincare/*.json`); тест падает, если файл отстал от них. Рассуждения по каждому шагу — в `src/systems/skincare/README.md`. Другой язык: ',
      ) + w.L('[Русский](design-doc.ru.md).', '[English](design-doc.md).'),
      '',
      goalsSection(w, inputs),
      methodologySection(w, inputs),
      pilotSection(w, inputs),
      productionSection(w, inputs),
    ].join('\n'),
});
