import { writer, type Lang } from './format.ts';
import { goalsSection, methodologySection } from './goals-methodology.ts';
import type { DocInputs } from './inputs.ts';
import { pilotSection, productionSection } from './pilot-production.ts';

export const DESIGN_DOC_FILES: Record<Lang, string> = {
  en: 'docs/support/design-doc.md',
  ru: 'docs/support/design-doc.ru.md',
};

/**
 * The support system's design doc in the section layout of the ML System Design Doc template,
 * every number filled from a measured artifact and naming the command that measured it.
 * A pure function of its inputs: the committed doc can be checked against them.
 */
export function renderDesignDoc(inputs: DocInputs, lang: Lang): string {
  const w = writer(lang);
  const { L } = w;
  return [
    L(
      '# ML System Design Doc — support messages for users in a negative mood',
      '# ML System Design Doc — сообщения поддержки пользователям в негативном настроении',
    ),
    '',
    L(
      '> A live document: `mlsd support doc` regenerates it from the measured artifacts (`bench/results/*.json`, `docs/support/*.json`); a test fails when this file is out of date with them. Other language: ',
      '> Живой документ: `mlsd support doc --lang ru` пересобирает его из измеренных артефактов (`bench/results/*.json`, `docs/support/*.json`); тест падает, если файл отстал от них. Другой язык: ',
    ) + L('[Русский](design-doc.ru.md).', '[English](design-doc.md).'),
    '',
    goalsSection(w, inputs),
    methodologySection(w, inputs),
    pilotSection(w, inputs),
    productionSection(w, inputs),
  ].join('\n');
}
