import {
  INDICATORS,
  type AnalysisSummary,
  type Goal,
  type IndicatorName,
  type PhotoAnalysis,
  type Recommendation,
  type RoutineEntry,
} from '../contracts.ts';
import type { BotTexts } from './texts.ts';

/** Telegram refuses a message longer than this (characters). */
export const MAX_MESSAGE_LENGTH = 4096;
/** A concern the head gives at least this probability (without abstaining) is named as a suggested goal. */
const SUGGEST_GOAL_AT = 0.5;

const level = (value: number, texts: BotTexts): string =>
  texts.levels[value < 1 / 3 ? 0 : value < 2 / 3 ? 1 : 2];

/** The retake message of a rejected photo: one line per failed check, in the gate's words. */
export function formatRejection(
  analysis: Extract<PhotoAnalysis, { accepted: false }>,
  texts: BotTexts,
): string {
  const lines = analysis.failures.map((failure) => `• ${failure.retake}`);
  return [texts.rejectedHeader, ...lines, '', texts.rejectedFooter].join('\n');
}

/** An accepted photo's indicators, each with its level and confidence, and the goals it suggests. */
export function formatIndicators(
  analysis: Extract<PhotoAnalysis, { accepted: true }>,
  texts: BotTexts,
): string {
  const lines = INDICATORS.map((name) => {
    const { value, confidence } = analysis.indicators[name];
    return `• ${texts.indicatorNames[name]}: ${level(value, texts)} (${value.toFixed(2)}; ${texts.confidence} ${confidence.toFixed(2)})`;
  });
  const suggested =
    analysis.concerns && !analysis.concerns.abstained
      ? (Object.entries(analysis.concerns.probabilities) as [Goal, number][])
          .filter(([, p]) => p >= SUGGEST_GOAL_AT)
          .sort((a, b) => b[1] - a[1])
          .map(([goal]) => texts.goals[goal])
      : [];
  return [
    texts.acceptedHeader,
    ...lines,
    ...(suggested.length ? ['', texts.suggestedGoals(suggested.join(', '))] : []),
  ].join('\n');
}

const formatEntry = (entry: RoutineEntry, index: number, texts: BotTexts): string => {
  const price = entry.product.price === null ? texts.priceUnknown : `$${entry.product.price.toFixed(2)}`;
  const why = entry.why.map((reason) => `   – ${reason}`);
  return [
    `${index + 1}. ${texts.steps[entry.step]}: ${entry.product.brand} — ${entry.product.name} (${price})`,
    ...why,
  ].join('\n');
};

/**
 * The routine as messages (split so none exceeds Telegram's limit): the referral instead of
 * products when a red flag was answered, else morning and evening steps with price and reasons;
 * the disclaimer always ends it.
 */
export function formatRecommendation(recommendation: Recommendation, texts: BotTexts): string[] {
  const blocks: string[] = [];
  if (recommendation.red_flag) blocks.push(`${texts.redFlagHeader}\n${recommendation.red_flag.referral}`);
  else {
    const { am, pm } = recommendation.routine;
    if (am.length + pm.length === 0) blocks.push(texts.emptyRoutine);
    else {
      blocks.push(texts.routineHeader);
      if (am.length) blocks.push([texts.morning, ...am.map((e, i) => formatEntry(e, i, texts))].join('\n'));
      if (pm.length) blocks.push([texts.evening, ...pm.map((e, i) => formatEntry(e, i, texts))].join('\n'));
    }
    // Why a step stayed empty (budget, sensitivity, pregnancy) and the cheapest way to fill it.
    if (recommendation.notes?.length) blocks.push(recommendation.notes.map((n) => `ℹ️ ${n}`).join('\n'));
  }
  blocks.push(`⚠️ ${recommendation.disclaimer}`);
  return packMessages(blocks);
}

/** Joins blocks into as few messages as fit; a block longer than a message is cut at the limit. */
export function packMessages(blocks: string[], limit = MAX_MESSAGE_LENGTH): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks.flatMap((b) => chunk(b, limit))) {
    const joined = current ? `${current}\n\n${block}` : block;
    if (joined.length <= limit) current = joined;
    else {
      messages.push(current);
      current = block;
    }
  }
  if (current) messages.push(current);
  return messages;
}

const chunk = (text: string, limit: number): string[] => {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += limit) parts.push(text.slice(i, i + limit));
  return parts;
};

/** How each indicator moved from the first kept analysis to the last. */
export function formatHistory(
  history: { analyses: AnalysisSummary[]; change: Partial<Record<IndicatorName, number>> },
  texts: BotTexts,
): string {
  const { analyses } = history;
  if (analyses.length === 0) return texts.historyOff;
  const first = analyses[0]!;
  const last = analyses[analyses.length - 1]!;
  const day = (at: string) => at.slice(0, 10);
  if (analyses.length === 1)
    return `${texts.historyHeader(1, day(first.at), day(last.at))}\n${texts.historyOne}`;
  const lines = INDICATORS.map((name) =>
    texts.historyLine(
      texts.indicatorNames[name],
      first.indicators[name].value,
      last.indicators[name].value,
      history.change[name] ?? last.indicators[name].value - first.indicators[name].value,
    ),
  );
  return [texts.historyHeader(analyses.length, day(first.at), day(last.at)), ...lines].join('\n');
}

/** Rows deleted per table in words, non-zero only, e.g. 'analyses: 2, recommendations: 1'. */
export function formatDeletedCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table.replace(/^skincare_/, '').replace(/_/g, ' ')}: ${n}`)
    .join(', ');
}
