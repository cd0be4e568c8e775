import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../package-root.ts';
import type { Lang } from './writer.ts';

/** The shared template every system's design doc follows (kept beside the repository, in ../shared). */
export const DESIGN_DOC_TEMPLATE = packagePath('..', 'shared', 'DESIGN-DOC-TEMPLATE.md');

/** One numbered section: "2" (a chapter) or "2.3" (a section), with its English title. */
export interface SectionHeading {
  number: string;
  title: string;
}

/**
 * The section layout the template prescribes, read from the template itself: chapters are written
 * `1. **Goals and premises**`, sections `   1.1 Why we build it (what it holds…)`; the title is the
 * text before the parenthesised description.
 */
export function templateHeadings(templateText: string): SectionHeading[] {
  const headings: SectionHeading[] = [];
  for (const line of templateText.split('\n')) {
    const chapter = /^(\d+)\. \*\*(.+?)\*\*/.exec(line);
    if (chapter) {
      headings.push({ number: chapter[1]!, title: chapter[2]!.trim() });
      continue;
    }
    const section = /^\s+(\d+\.\d+) ([^(]+?)(?:\s*\(|\.?\s*$)/.exec(line);
    if (section) headings.push({ number: section[1]!, title: section[2]!.trim() });
  }
  return headings;
}

/** A generated doc's numbered headings (`## 1. Title`, `### 1.1 Title`), code blocks ignored. */
export function docHeadings(docText: string): (SectionHeading & { line: number })[] {
  const found: (SectionHeading & { line: number })[] = [];
  let inCode = false;
  docText.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) inCode = !inCode;
    if (inCode) return;
    const m = /^(##|###) (\d+(?:\.\d+)?)\.? (.+)$/.exec(text);
    if (!m) return;
    const level = m[1] === '##' ? 1 : 2;
    // A chapter is "## 1. Title", a section "### 1.1 Title": the level must match the numbering.
    if ((level === 1) !== !m[2]!.includes('.')) return;
    found.push({ number: m[2]!, title: m[3]!.trim(), line: i + 1 });
  });
  return found;
}

/**
 * Where a doc departs from the template's layout: a missing, extra or reordered section, or (in
 * English, the template's language) a title other than the template's. Empty when it follows it.
 */
export function layoutProblems(docText: string, lang: Lang, templateText: string): string[] {
  const expected = templateHeadings(templateText);
  if (expected.length === 0) return ['the template has no numbered sections (is it the right file?)'];
  const actual = docHeadings(docText);
  const problems: string[] = [];
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const got = actual[i];
    if (!got) {
      problems.push(`section ${want!.number} "${want!.title}" is missing (the doc ends before it)`);
      break;
    }
    if (!want) {
      problems.push(`line ${got.line}: section ${got.number} "${got.title}" is not in the template`);
      continue;
    }
    if (got.number !== want.number)
      problems.push(
        `line ${got.line}: expected section ${want.number} "${want.title}", found ${got.number} "${got.title}"`,
      );
    else if (lang === 'en' && got.title !== want.title)
      problems.push(`line ${got.line}: section ${got.number} is titled "${got.title}", the template says "${want.title}"`);
  }
  return problems;
}

/** Reads the template, or says where it was expected. */
export function readTemplate(path = DESIGN_DOC_TEMPLATE): string {
  if (!existsSync(path))
    throw new Error(`${path}: the design-doc template is missing (it lives in ../shared beside the repository)`);
  return readFileSync(path, 'utf8');
}
