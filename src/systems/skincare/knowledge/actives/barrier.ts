/** Actives for dry and for red, reactive skin; `../actives.ts` assembles them per goal. */
import type { ActiveEntry } from '../../contracts.ts';
import { AZELAIC_ACID, CENTELLA, CERAMIDES, HYALURONIC, LICORICE, NIACINAMIDE } from '../families.ts';
import { SOURCES as S } from '../sources.ts';

/** Actives for the `dryness` goal. */
export const DRYNESS_ACTIVES: ActiveEntry[] = [
  {
    label: 'glycerin',
    names: ['GLYCERIN'],
    effect: 'humectant that draws water into the skin',
    evidence: 'strong',
    source: S.glycerol,
  },
  {
    label: 'hyaluronic acid',
    ...HYALURONIC,
    effect: 'humectant that holds water in the upper skin layers',
    evidence: 'moderate',
    source: S.hyaluronic,
  },
  {
    label: 'ceramides',
    ...CERAMIDES,
    effect: 'restore the lipids of the skin barrier',
    evidence: 'moderate',
    source: S.ceramides,
  },
  {
    label: 'urea',
    names: ['UREA', 'HYDROXYETHYL UREA'],
    effect: 'humectant and gentle keratolytic that smooths rough dry skin',
    evidence: 'strong',
    source: S.urea,
  },
  {
    label: 'squalane',
    names: ['SQUALANE', 'SQUALENE'],
    effect: 'emollient that softens and seals in moisture',
    evidence: 'moderate',
    source: S.squalane,
  },
  {
    label: 'petrolatum',
    names: ['PETROLATUM'],
    effect: 'occlusive that cuts water loss through the barrier',
    evidence: 'strong',
    source: S.petrolatum,
  },
  {
    label: 'shea butter',
    names: ['BUTYROSPERMUM PARKII BUTTER'],
    effect: 'emollient lipids that soften dry skin',
    evidence: 'weak',
    source: S.moisturisers,
  },
  {
    label: 'sodium PCA',
    names: ['SODIUM PCA'],
    effect: 'part of the skin’s own natural moisturising factor',
    evidence: 'moderate',
    source: S.moisturisers,
  },
  {
    label: 'dimethicone',
    names: ['DIMETHICONE'],
    effect: 'silicone that forms a breathable film against water loss',
    evidence: 'moderate',
    source: S.moisturisersDermatitis,
  },
  {
    label: 'panthenol',
    names: ['PANTHENOL'],
    effect: 'humectant that supports barrier repair',
    evidence: 'moderate',
    source: S.dexpanthenol,
  },
];

/** Actives for the `redness` goal. */
export const REDNESS_ACTIVES: ActiveEntry[] = [
  {
    label: 'niacinamide',
    ...NIACINAMIDE,
    effect: 'strengthens the barrier and reduces redness',
    evidence: 'moderate',
    source: S.niacinamideReview,
  },
  {
    label: 'azelaic acid',
    ...AZELAIC_ACID,
    effect: 'reduces the redness and bumps of rosacea',
    evidence: 'strong',
    source: S.rosaceaCochrane,
  },
  {
    label: 'centella asiatica',
    ...CENTELLA,
    effect: 'soothes and supports healing',
    evidence: 'weak',
    source: S.centella,
  },
  {
    label: 'allantoin',
    names: ['ALLANTOIN'],
    effect: 'soothes and helps skin renew',
    evidence: 'weak',
    source: S.allantoin,
  },
  {
    label: 'panthenol',
    names: ['PANTHENOL'],
    effect: 'soothes irritation and supports barrier repair',
    evidence: 'moderate',
    source: S.dexpanthenol,
  },
  {
    label: 'colloidal oatmeal',
    names: ['AVENA SATIVA KERNEL FLOUR', 'COLLOIDAL OATMEAL'],
    effect: 'skin protectant that calms itching and irritation',
    evidence: 'moderate',
    source: S.oatmeal,
  },
  {
    label: 'licorice extract',
    ...LICORICE,
    effect: 'anti-inflammatory, calms redness',
    evidence: 'weak',
    source: S.pigmentCosmeceuticals,
  },
];
