import type { ConflictEntry } from '../contracts.ts';
import {
  BENZOYL_PEROXIDE,
  BPO_SENSITIVE_RETINOIDS,
  EXFOLIATING_AHAS,
  L_ASCORBIC_ACID,
  RETINOIDS,
  SALICYLATES_BHA,
} from './families.ts';
import { SOURCES as S } from './sources.ts';

/** Pairs not to put in one routine slot (the ranking keeps them to different times of day). */
export const CONFLICTS: ConflictEntry[] = [
  {
    a: { label: 'retinoid', ...RETINOIDS },
    b: { label: 'alpha-hydroxy acid (AHA)', ...EXFOLIATING_AHAS },
    reason: 'both irritate and peel; together they over-exfoliate — use on alternate nights',
    source: `${S.retinoidsAgeing}; ${S.ahaDualEffects}`,
  },
  {
    a: { label: 'retinoid', ...RETINOIDS },
    b: { label: 'salicylic acid (BHA)', ...SALICYLATES_BHA },
    reason: 'both dry and irritate; together they over-exfoliate — use on alternate nights',
    source: `${S.retinoidsAgeing}; ${S.acneGuideline}`,
  },
  {
    a: { label: 'benzoyl peroxide', ...BENZOYL_PEROXIDE },
    b: { label: 'retinol / tretinoin', ...BPO_SENSITIVE_RETINOIDS },
    reason:
      'benzoyl peroxide oxidises tretinoin and retinol (adapalene is stable) — use BPO in the morning, the retinoid at night',
    source: S.bpoRetinoidStability,
  },
  {
    a: { label: 'benzoyl peroxide', ...BENZOYL_PEROXIDE },
    b: { label: 'vitamin C (L-ascorbic acid)', ...L_ASCORBIC_ACID },
    reason:
      'benzoyl peroxide is an oxidiser and L-ascorbic acid oxidises readily, so each weakens the other (chemistry, no clinical trial) — use at different times',
    source: S.vitaminC,
  },
  {
    a: { label: 'retinoid', ...RETINOIDS },
    b: { label: 'vitamin C (L-ascorbic acid)', ...L_ASCORBIC_ACID },
    reason:
      'weak: L-ascorbic acid needs a low pH that adds irritation to a retinoid — vitamin C in the morning, the retinoid at night',
    source: S.vitaminC,
  },
  {
    a: { label: 'alpha-hydroxy acid (AHA)', ...EXFOLIATING_AHAS },
    b: { label: 'salicylic acid (BHA)', ...SALICYLATES_BHA },
    reason: 'two exfoliating acids in one routine over-exfoliate and irritate',
    source: S.hydroxyAcids,
  },
];
