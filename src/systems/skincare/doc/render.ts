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
  preamble: {
    subject: {
      en: 'skincare recommendations from a photo and a questionnaire',
      ru: 'рекомендации по уходу за кожей по фото и анкете',
    },
    artifacts: ['bench/results/skincare/*.json', 'docs/skincare/*.json'],
    reasoning: 'src/systems/skincare/README.md',
  },
  render: (x, w) =>
    [goalsSection(w, x), methodologySection(w, x), pilotSection(w, x), productionSection(w, x)].join('\n'),
});
