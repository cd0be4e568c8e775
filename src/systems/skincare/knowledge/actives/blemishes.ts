/** Actives for acne and for oily skin; `../actives.ts` assembles them per goal. */
import type { ActiveEntry } from '../../contracts.ts';
import { AZELAIC_ACID, BENZOYL_PEROXIDE, NIACINAMIDE, RETINOIDS, SALICYLATES_BHA } from '../families.ts';
import { SOURCES as S } from '../sources.ts';

/** Actives for the `acne` goal. */
export const ACNE_ACTIVES: ActiveEntry[] = [
  {
    label: 'salicylic acid (BHA)',
    ...SALICYLATES_BHA,
    effect: 'unclogs pores by loosening dead skin inside them',
    evidence: 'moderate',
    source: S.acneGuideline,
  },
  {
    label: 'benzoyl peroxide',
    ...BENZOYL_PEROXIDE,
    effect: 'kills acne bacteria without resistance and unclogs pores',
    evidence: 'strong',
    source: S.acneGuideline,
  },
  {
    label: 'retinoid',
    ...RETINOIDS,
    effect: 'normalises how pores shed skin and prevents new blemishes',
    evidence: 'strong',
    source: S.acneGuideline,
  },
  {
    label: 'azelaic acid',
    ...AZELAIC_ACID,
    effect: 'antibacterial and unclogs pores, also fades post-acne marks',
    evidence: 'moderate',
    source: S.acneGuideline,
  },
  {
    label: 'niacinamide',
    ...NIACINAMIDE,
    effect: 'calms inflamed spots and reduces sebum',
    evidence: 'moderate',
    source: S.niacinamideReview,
  },
  {
    label: 'zinc PCA',
    names: ['ZINC PCA', 'ZINC GLUCONATE'],
    effect: 'helps regulate sebum and calms inflammation',
    evidence: 'weak',
    source: S.zinc,
  },
  {
    label: 'sulfur',
    names: ['SULFUR'],
    effect: 'dries spots and is mildly antibacterial',
    evidence: 'moderate',
    source: S.sulfur,
  },
  {
    label: 'tea tree oil',
    names: ['MELALEUCA ALTERNIFOLIA LEAF OIL', 'MELALEUCA ALTERNIFOLIA OIL'],
    effect: 'mildly antibacterial against acne (5 % gel in a small trial)',
    evidence: 'weak',
    source: S.teaTree,
  },
];

/** Actives for the `oiliness` goal. */
export const OILINESS_ACTIVES: ActiveEntry[] = [
  {
    label: 'niacinamide',
    ...NIACINAMIDE,
    effect: 'reduces the rate of sebum production',
    evidence: 'moderate',
    source: S.niacinamideSebum,
  },
  {
    label: 'salicylic acid (BHA)',
    ...SALICYLATES_BHA,
    effect: 'oil-soluble, clears sebum from pores',
    evidence: 'moderate',
    source: S.oilySkin,
  },
  {
    label: 'retinoid',
    ...RETINOIDS,
    effect: 'reduces sebum output over time',
    evidence: 'moderate',
    source: S.oilySkin,
  },
  {
    label: 'zinc PCA',
    names: ['ZINC PCA', 'ZINC GLUCONATE'],
    effect: 'helps regulate sebum',
    evidence: 'weak',
    source: S.zinc,
  },
  {
    label: 'sulfur',
    names: ['SULFUR'],
    effect: 'absorbs oil and dries the surface',
    evidence: 'weak',
    source: S.sulfur,
  },
];
