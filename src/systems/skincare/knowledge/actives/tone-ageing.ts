/** Actives for uneven pigmentation and for fine lines; `../actives.ts` assembles them per goal. */
import type { ActiveEntry } from '../../contracts.ts';
import {
  AZELAIC_ACID,
  EXFOLIATING_AHAS,
  LICORICE,
  NIACINAMIDE,
  PEPTIDES,
  RETINOIDS,
  VITAMIN_C,
} from '../families.ts';
import { SOURCES as S } from '../sources.ts';

/** Actives for the `pigmentation` goal. */
export const PIGMENTATION_ACTIVES: ActiveEntry[] = [
  {
    label: 'vitamin C',
    ...VITAMIN_C,
    effect: 'antioxidant that inhibits melanin formation and brightens',
    evidence: 'moderate',
    source: S.vitaminC,
  },
  {
    label: 'niacinamide',
    ...NIACINAMIDE,
    effect: 'blocks pigment transfer to skin cells',
    evidence: 'moderate',
    source: S.niacinamidePigment,
  },
  {
    label: 'azelaic acid',
    ...AZELAIC_ACID,
    effect: 'inhibits tyrosinase and fades dark patches',
    evidence: 'moderate',
    source: S.pigmentCosmeceuticals,
  },
  {
    label: 'tranexamic acid',
    names: ['TRANEXAMIC ACID'],
    effect: 'reduces melasma pigment',
    evidence: 'moderate',
    source: S.tranexamic,
  },
  {
    label: 'arbutin',
    names: ['ARBUTIN', 'ALPHA-ARBUTIN'],
    effect: 'tyrosinase inhibitor that lightens dark spots',
    evidence: 'weak',
    source: S.pigmentCosmeceuticals,
  },
  {
    label: 'kojic acid',
    names: ['KOJIC ACID'],
    effect: 'tyrosinase inhibitor that lightens dark spots',
    evidence: 'weak',
    source: S.pigmentCosmeceuticals,
  },
  {
    label: 'licorice extract',
    ...LICORICE,
    effect: 'glabridin inhibits tyrosinase and disperses pigment',
    evidence: 'weak',
    source: S.pigmentCosmeceuticals,
  },
  {
    label: 'retinoid',
    ...RETINOIDS,
    effect: 'speeds turnover so pigmented cells shed sooner',
    evidence: 'moderate',
    source: S.retinoidsAgeing,
  },
];

/** Actives for the `fine_lines` goal. */
export const FINE_LINES_ACTIVES: ActiveEntry[] = [
  {
    label: 'retinoid',
    ...RETINOIDS,
    effect: 'builds collagen and smooths fine lines',
    evidence: 'strong',
    source: S.retinol,
  },
  {
    label: 'peptides',
    ...PEPTIDES,
    effect: 'signal peptides that support collagen',
    evidence: 'weak',
    source: S.peptides,
  },
  {
    label: 'vitamin C',
    ...VITAMIN_C,
    effect: 'supports collagen synthesis and protects from UV damage',
    evidence: 'moderate',
    source: S.vitaminCSkin,
  },
  {
    label: 'alpha-hydroxy acids (AHA)',
    ...EXFOLIATING_AHAS,
    effect: 'exfoliate and smooth photo-aged skin',
    evidence: 'moderate',
    source: S.hydroxyAcids,
  },
  {
    label: 'niacinamide',
    ...NIACINAMIDE,
    effect: 'improves fine lines and elasticity',
    evidence: 'moderate',
    source: S.niacinamideAgeing,
  },
  {
    label: 'bakuchiol',
    names: ['BAKUCHIOL'],
    effect: 'retinol-like smoothing with less irritation',
    evidence: 'weak',
    source: S.bakuchiol,
  },
];
