import { defineLiveDoc, type Lang } from '../../../platform/docs/live-doc.ts';
import { goalsSection } from './goals.ts';
import { methodologySection } from './methodology.ts';
import { SUPPORT_DOC_INPUTS, type DocInputs } from './inputs.ts';
import { pilotSection, productionSection } from './pilot-production.ts';

/**
 * The support system's design doc in the section layout of the ML System Design Doc template,
 * every number filled from a measured artifact and naming the command that measured it.
 * A pure function of its inputs: the committed doc can be checked against them.
 */
export const supportDesignDoc = defineLiveDoc({
  system: 'support',
  inputs: SUPPORT_DOC_INPUTS,
  preamble: {
    subject: {
      en: 'support messages for users in a negative mood',
      ru: 'сообщения поддержки пользователям в негативном настроении',
    },
    artifacts: ['bench/results/support/*.json', 'docs/support/*.json'],
    alsoFrom: { en: 'the shipped configs', ru: 'конфигов' },
  },
  render: (x, w) =>
    [goalsSection(w, x), methodologySection(w, x), pilotSection(w, x), productionSection(w, x)].join('\n'),
});

export const DESIGN_DOC_FILES = supportDesignDoc.files;

/** The doc for these inputs (null = not measured yet: the doc says what to run). */
export const renderDesignDoc = (inputs: DocInputs, lang: Lang): string =>
  supportDesignDoc.render(inputs, lang);

/** Reads and checks every input under the repository root; throws naming each missing or malformed one. */
export const loadDocInputs = (root: string): DocInputs => supportDesignDoc.read(root);
