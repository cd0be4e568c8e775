import { formatPercent as pct } from '../../../platform/reports/format.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { barChart, renderSvg } from '../../../platform/reports/svg.ts';
import { identifyLanguage, isOutOfScopeLanguage } from '../../../ml/text/language.ts';
import { normalizeText } from '../../../ml/text/normalize.ts';
import { isEmojiToken, tokenize } from '../../../ml/text/tokenize.ts';
import type { Example } from './goemotions.ts';
import { EMOTIONS, GROUPS, NEGATIVE } from './taxonomy.ts';

export interface EdaStats {
  rows: { train: number; dev: number };
  groupCounts: { train: number[]; dev: number[] };
  emotionCounts: number[];
  multiLabelShare: number;
  lengthHistogram: { edges: number[]; negative: number[]; other: number[] };
  medianTokens: number;
  groupCooccurrence: number[][];
  indicativeTokens: Record<string, { token: string; zScore: number; count: number }[]>;
  shares: {
    withEmoji: number;
    withNamePlaceholder: number;
    nonEnglishFlagged: number;
    exactDuplicateTexts: number;
  };
}

const LENGTH_EDGES = [0, 5, 10, 15, 20, 25, 30, 40, 50, 75];

/** Counts and statistics of the train (and dev) split that the EDA report shows. */
export function computeEda(train: readonly Example[], dev: readonly Example[]): EdaStats {
  const groupCounts = (rows: readonly Example[]) =>
    GROUPS.map((_, k) => rows.filter((e) => e.groups.includes(k)).length);
  const emotionCounts = EMOTIONS.map((_, k) => train.filter((e) => e.emotions.includes(k)).length);
  const tokens = train.map((e) => tokenize(normalizeText(e.text)));
  const negative = new Array(LENGTH_EDGES.length).fill(0);
  const other = new Array(LENGTH_EDGES.length).fill(0);
  tokens.forEach((t, i) => {
    const bin = LENGTH_EDGES.findLastIndex((edge) => t.length >= edge);
    (train[i].groups.includes(1) ? negative : other)[bin]++;
  });
  const lengths = tokens.map((t) => t.length).sort((a, b) => a - b);
  const cooccurrence = GROUPS.map(() => GROUPS.map(() => 0));
  for (const e of train) for (const a of e.groups) for (const b of e.groups) cooccurrence[a][b]++;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const e of train) {
    if (seen.has(e.text)) duplicates++;
    seen.add(e.text);
  }
  const sample = dev.slice(0, 2000);
  return {
    rows: { train: train.length, dev: dev.length },
    groupCounts: { train: groupCounts(train), dev: groupCounts(dev) },
    emotionCounts,
    multiLabelShare: train.filter((e) => e.groups.length > 1).length / train.length,
    lengthHistogram: { edges: LENGTH_EDGES, negative, other },
    medianTokens: lengths[Math.floor(lengths.length / 2)],
    groupCooccurrence: cooccurrence,
    indicativeTokens: indicativeTokens(train, tokens),
    shares: {
      withEmoji: tokens.filter((t) => t.some(isEmojiToken)).length / train.length,
      withNamePlaceholder: train.filter((e) => e.text.includes('[NAME]')).length / train.length,
      nonEnglishFlagged:
        sample.filter((e) => isOutOfScopeLanguage(identifyLanguage(e.text))).length / sample.length,
      exactDuplicateTexts: duplicates,
    },
  };
}

/**
 * Words most associated with each group: log-odds ratio with an informative Dirichlet prior,
 * z-scored (Monroe, Colaresi & Quinn, 2008), group vs all other comments.
 */
function indicativeTokens(
  train: readonly Example[],
  tokens: string[][],
  top = 15,
): EdaStats['indicativeTokens'] {
  const total = new Map<string, number>();
  const perGroup = GROUPS.map(() => new Map<string, number>());
  tokens.forEach((t, i) => {
    for (const token of new Set(t)) {
      total.set(token, (total.get(token) ?? 0) + 1);
      for (const g of train[i].groups) perGroup[g].set(token, (perGroup[g].get(token) ?? 0) + 1);
    }
  });
  const alphaScale = 0.01;
  const totalSum = [...total.values()].reduce((a, b) => a + b, 0);
  const result: EdaStats['indicativeTokens'] = {};
  GROUPS.forEach((group, g) => {
    const inGroupSum = [...perGroup[g].values()].reduce((a, b) => a + b, 0);
    const restSum = totalSum - inGroupSum;
    const alphaSum = totalSum * alphaScale;
    const scored: { token: string; zScore: number; count: number }[] = [];
    for (const [token, count] of total) {
      if (count < 20) continue;
      const yi = perGroup[g].get(token) ?? 0;
      const yj = count - yi;
      const alpha = count * alphaScale;
      const delta =
        Math.log((yi + alpha) / (inGroupSum + alphaSum - yi - alpha)) -
        Math.log((yj + alpha) / (restSum + alphaSum - yj - alpha));
      const variance = 1 / (yi + alpha) + 1 / (yj + alpha);
      scored.push({ token, zScore: Math.round((delta / Math.sqrt(variance)) * 100) / 100, count });
    }
    result[group] = scored.sort((a, b) => b.zScore - a.zScore).slice(0, top);
  });
  return result;
}

/** Writes `eda.md` and its SVG plots into `outDir`. */
export function writeEdaReport(stats: EdaStats, outDir: string, source: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, string> = {
    'eda-groups.svg': barChart(
      'Comments per sentiment group (multi-label)',
      [...GROUPS],
      [
        { name: 'train', values: stats.groupCounts.train },
        { name: 'dev', values: stats.groupCounts.dev },
      ],
    ),
    'eda-emotions.svg': barChart(
      'Comments per emotion (train)',
      [...EMOTIONS],
      [{ name: 'train', values: stats.emotionCounts }],
    ),
    'eda-length.svg': barChart(
      'Tokens per comment (train)',
      stats.lengthHistogram.edges.map((e, i, all) =>
        i + 1 < all.length ? `${e}–${all[i + 1] - 1}` : `${e}+`,
      ),
      [
        { name: 'negative', values: stats.lengthHistogram.negative },
        { name: 'not negative', values: stats.lengthHistogram.other },
      ],
      'comments',
    ),
    'eda-cooccurrence.svg': heatmap(
      'Group co-occurrence (train, comments with both labels)',
      [...GROUPS],
      stats.groupCooccurrence,
    ),
  };
  for (const [name, svg] of Object.entries(files)) writeFileSync(join(outDir, name), svg);
  const groupRows = GROUPS.map(
    (g, k) =>
      `| ${g} | ${stats.groupCounts.train[k]} | ${pct(stats.groupCounts.train[k] / stats.rows.train)} | ${stats.groupCounts.dev[k]} | ${pct(stats.groupCounts.dev[k] / stats.rows.dev)} |`,
  );
  const tokenRows = GROUPS.map(
    (g) =>
      `| ${g} | ${stats.indicativeTokens[g].map((t) => `${t.token.replace(/\|/g, '\\|')} (${t.zScore})`).join(', ')} |`,
  );
  const md = [
    '# Support service — exploratory data analysis',
    '',
    `Generated by \`mlsd support eda\` from \`${source}\` (GoEmotions train and dev; the test split is held back).`,
    '',
    '## Class balance',
    '',
    '| group | train | share | dev | share |',
    '|---|---|---|---|---|',
    ...groupRows,
    '',
    `Multi-label comments (more than one group): ${pct(stats.multiLabelShare)} of train. ` +
      `The target of the support service, **negative**, is ${pct(stats.groupCounts.train[NEGATIVE] / stats.rows.train)} of train: ` +
      'the all-sad v0 baseline therefore sends about four messages out of five to people who did not need one.',
    '',
    '![groups](eda-groups.svg)',
    '',
    '![emotions](eda-emotions.svg)',
    '',
    '## Text length',
    '',
    `Median ${stats.medianTokens} tokens per comment (after normalisation). Reddit comments are short: ` +
      'character n-grams carry much of the signal.',
    '',
    '![length](eda-length.svg)',
    '',
    '## Label co-occurrence',
    '',
    '![co-occurrence](eda-cooccurrence.svg)',
    '',
    '## Most indicative tokens per group',
    '',
    'Log-odds ratio with an informative Dirichlet prior, z-scored (Monroe et al., 2008), tokens seen in at least 20 comments.',
    '',
    '| group | tokens (z-score) |',
    '|---|---|',
    ...tokenRows,
    '',
    '## Data quality and scope',
    '',
    `- Comments with emoji: ${pct(stats.shares.withEmoji)}; with a \`[NAME]\` placeholder: ${pct(stats.shares.withNamePlaceholder)}.`,
    `- Dev comments the language filter would skip as not English (first 2,000): ${pct(stats.shares.nonEnglishFlagged)} ` +
      '(the data set is English Reddit, so these are false skips).',
    `- Exact duplicate texts in train: ${stats.shares.exactDuplicateTexts}.`,
    '- Every row passed the data contract (3 columns, label ids in range, non-blank text, unique ids, valid UTF-8).',
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'eda.md'), md);
  // The numbers alone, for the live design doc.
  writeFileSync(join(outDir, 'eda.json'), `${JSON.stringify({ source, ...stats }, null, 2)}\n`);
  return ['eda.md', 'eda.json', ...Object.keys(files)].map((f) => join(outDir, f));
}

function heatmap(title: string, labels: string[], matrix: number[][]): string {
  const data = matrix.flatMap((row, i) => row.map((value, j) => [j, i, value]));
  return renderSvg(
    {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      grid: { top: 40, left: 90, right: 90, bottom: 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'category', data: labels },
      visualMap: { min: 0, max: Math.max(...matrix.flat()), right: 0, top: 'middle', calculable: false },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10 } }],
    },
    560,
    360,
  );
}
