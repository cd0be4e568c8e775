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
  render: (inputs, w) =>
    [
      w.L(
        '# ML System Design Doc — support messages for users in a negative mood',
        '# ML System Design Doc — сообщения поддержки пользователям в негативном настроении',
      ),
      '',
      w.L(
        '> A live document: `mlsd support doc` regenerates it from the measured artifacts (`bench/results/support/*.json`, `docs/support/*.json`) and the shipped configs; a test fails when this file is out of date with them. Other language: ',
        '> Живой документ: `mlsd support doc --lang ru` пересобирает его из измеренных артефактов (`bench/results/support/*.json`, `docs/support/*.json`) и конфигов; тест падает, если файл отстал от них. Другой язык: ',
      ) + w.L('[Русский](design-doc.ru.md).', '[English](design-doc.md).'),
      '',
      goalsSection(w, inputs),
      methodologySection(w, inputs),
      pilotSection(w, inputs),
      productionSection(w, inputs),
    ].join('\n'),
});

export const DESIGN_DOC_FILES = supportDesignDoc.files;

/** The doc for these inputs (null = not measured yet: the doc says what to run). */
export const renderDesignDoc = (inputs: DocInputs, lang: Lang): string =>
  supportDesignDoc.render(inputs, lang);

/** Reads and checks every input under the repository root; throws naming each missing or malformed one. */
export const loadDocInputs = (root: string): DocInputs => supportDesignDoc.read(root);
