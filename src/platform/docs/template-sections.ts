import type { Bilingual, Lang } from './writer.ts';

/**
 * The numbered sections of the design-doc template with their titles: English as the template
 * (../shared/DESIGN-DOC-TEMPLATE.md) words them — a test holds the two together — and Russian as the
 * docs translate them. The original Russian documents did not all word a title alike; a doc that
 * keeps its own wording passes it to {@link sectionHeading}.
 */
export const TEMPLATE_SECTIONS = {
  '1': { en: 'Goals and premises', ru: 'Цели и предпосылки' },
  '1.1': { en: 'Why we build it', ru: 'Зачем идём в разработку продукта' },
  '1.2': { en: 'Business requirements and limits', ru: 'Бизнес-требования и ограничения' },
  '1.3': { en: 'What is in and out of scope', ru: 'Что входит в скоуп проекта/итерации, что не входит' },
  '1.4': { en: 'Solution premises', ru: 'Предпосылки решения' },
  '2': { en: 'Methodology', ru: 'Методология' },
  '2.1': { en: 'Problem statement', ru: 'Постановка задачи' },
  '2.2': { en: 'Solution diagram', ru: 'Блок-схема решения' },
  '2.3': { en: 'Stages', ru: 'Этапы решения задачи' },
  '3': { en: 'Pilot', ru: 'Подготовка пилота' },
  '3.1': { en: 'How the pilot is evaluated', ru: 'Способ оценки пилота' },
  '3.2': { en: 'What counts as a successful pilot', ru: 'Что считаем успешным пилотом' },
  '3.3': { en: 'Pilot preparation', ru: 'Подготовка пилота' },
  '4': { en: 'Production', ru: 'Внедрение' },
  '4.1': { en: 'Solution architecture', ru: 'Архитектура решения' },
  '4.2': { en: 'Infrastructure and scalability', ru: 'Инфраструктура и масштабируемость' },
  '4.3': { en: 'System requirements', ru: 'Требования к работе системы' },
  '4.4': { en: 'System security', ru: 'Безопасность системы' },
  '4.5': { en: 'Data security', ru: 'Безопасность данных' },
  '4.6': { en: 'Costs', ru: 'Расходы' },
  '4.7': { en: 'Integration points', ru: 'Интеграция' },
  '4.8': { en: 'Risks', ru: 'Риски' },
} as const satisfies Record<string, Bilingual>;

export type TemplateSection = keyof typeof TEMPLATE_SECTIONS;

/**
 * A template section's Markdown heading — `## 1. Title` for a chapter, `### 1.1 Title` for a
 * section, the form the layout check reads — with the blank line Markdown wants after it.
 * `ru` replaces the Russian title where a doc words it its own way.
 *
 * @example
 * sectionHeading('2.3', 'en'); // '### 2.3 Stages\n'
 * sectionHeading('4', 'ru'); // '## 4. Внедрение\n'
 */
export function sectionHeading(section: TemplateSection, lang: Lang, ru?: string): string {
  const title = lang === 'ru' ? (ru ?? TEMPLATE_SECTIONS[section].ru) : TEMPLATE_SECTIONS[section].en;
  return section.includes('.') ? `### ${section} ${title}\n` : `## ${section}. ${title}\n`;
}
