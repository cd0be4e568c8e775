import type { ActiveEntry, Goal } from '../contracts.ts';
import { DRYNESS_ACTIVES, REDNESS_ACTIVES } from './actives/barrier.ts';
import { ACNE_ACTIVES, OILINESS_ACTIVES } from './actives/blemishes.ts';
import { FINE_LINES_ACTIVES, PIGMENTATION_ACTIVES } from './actives/tone-ageing.ts';

/**
 * Actives per care goal: which ingredient serves which goal, how, and how strong the evidence is.
 * An ingredient list says nothing about concentration, so an entry means "contains an active for
 * the goal", never "works".
 */
export const ACTIVES: Record<Goal, ActiveEntry[]> = {
  acne: ACNE_ACTIVES,
  oiliness: OILINESS_ACTIVES,
  dryness: DRYNESS_ACTIVES,
  redness: REDNESS_ACTIVES,
  pigmentation: PIGMENTATION_ACTIVES,
  fine_lines: FINE_LINES_ACTIVES,
};
