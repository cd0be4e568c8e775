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
  preamble: {
    subject: { en: 'banner ads in a mobile app', ru: 'баннерная реклама в мобильном приложении' },
    artifacts: ['bench/results/ads/*.json', 'docs/ads/*.json'],
    reasoning: 'src/systems/ads/README.md',
  },
  render: (x, w) =>
    [goalsSection(w, x), methodologySection(w, x), pilotSection(w, x), productionSection(w, x)].join('\n'),
});
