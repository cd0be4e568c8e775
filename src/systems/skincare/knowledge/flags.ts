import type { FlaggedEntry } from '../contracts.ts';
import { ESSENTIAL_OILS, FRAGRANCE, RETINOIDS } from './families.ts';
import { SOURCES as S, annexIII } from './sources.ts';

/** Ingredients to keep away from sensitive skin (fragrance allergens are listed apart). */
export const IRRITANTS: FlaggedEntry[] = [
  {
    label: 'fragrance (parfum)',
    ...FRAGRANCE,
    reason: 'the most frequent cause of cosmetic contact allergy; an undisclosed mix',
    source: S.sccsFragrance,
  },
  {
    label: 'denatured alcohol',
    names: ['ALCOHOL DENAT.', 'ALCOHOL DENAT', 'ALCOHOL', 'ETHANOL', 'ISOPROPYL ALCOHOL'],
    patterns: ['SD ALCOHOL.*'],
    reason: 'dries and stings, the trigger most often named by people with rosacea',
    source: S.rosaceaSurvey,
  },
  {
    label: 'menthol',
    names: ['MENTHOL', 'MENTHYL LACTATE', 'MENTHONE GLYCERIN ACETAL'],
    reason: 'cooling agent that stings sensitive skin',
    source: S.menthol,
  },
  {
    label: 'camphor',
    names: ['CAMPHOR'],
    reason: 'counter-irritant that stings sensitive skin',
    source: S.rosaceaSurvey,
  },
  {
    label: 'essential oils',
    ...ESSENTIAL_OILS,
    reason: 'carry fragrance allergens (limonene, linalool, …) and irritate',
    source: S.sccsFragrance,
  },
  {
    label: 'witch hazel',
    patterns: ['HAMAMELIS VIRGINIANA .*'],
    reason: 'astringent that people with rosacea often report as a trigger',
    source: S.rosaceaSurvey,
  },
  {
    label: 'sodium lauryl sulfate',
    names: ['SODIUM LAURYL SULFATE', 'AMMONIUM LAURYL SULFATE'],
    reason: 'harsh surfactant, the reference irritant of patch-test models',
    source: S.slsModel,
  },
  {
    label: 'glycolic acid (AHA)',
    names: ['GLYCOLIC ACID'],
    reason:
      'strength is not on the label; above 10 % or below pH 3.5 it irritates and raises sun sensitivity',
    source: S.fdaAha,
  },
  {
    label: 'methylisothiazolinone',
    names: ['METHYLISOTHIAZOLINONE', 'METHYLCHLOROISOTHIAZOLINONE'],
    reason: 'strong contact allergen, banned in EU leave-on products',
    source: S.methylisothiazolinone,
  },
  {
    label: 'formaldehyde releaser',
    names: [
      'DMDM HYDANTOIN',
      'IMIDAZOLIDINYL UREA',
      'DIAZOLIDINYL UREA',
      'QUATERNIUM-15',
      'SODIUM HYDROXYMETHYLGLYCINATE',
      '2-BROMO-2-NITROPROPANE-1,3-DIOL',
      'FORMALDEHYDE',
    ],
    reason: 'releases formaldehyde, a frequent contact allergen',
    source: S.formaldehydeReleasers,
  },
];

/**
 * The 26 fragrance allergens that Regulation (EC) No 1223/2009 Annex III (reference numbers 67–92,
 * in this order) requires on the label above 0.001 % (leave-on) / 0.01 % (rinse-off). Regulation
 * (EU) 2023/1545 extends the list to more than 80 substances from 2026; these 26 are the list the
 * catalogs were labelled under.
 */
const ANNEX_III_ALLERGENS: readonly [number, string, string][] = [
  [67, 'AMYL CINNAMAL', 'amyl cinnamal'],
  [68, 'BENZYL ALCOHOL', 'benzyl alcohol'],
  [69, 'CINNAMYL ALCOHOL', 'cinnamyl alcohol'],
  [70, 'CITRAL', 'citral'],
  [71, 'EUGENOL', 'eugenol'],
  [72, 'HYDROXYCITRONELLAL', 'hydroxycitronellal'],
  [73, 'ISOEUGENOL', 'isoeugenol'],
  [74, 'AMYLCINNAMYL ALCOHOL', 'amylcinnamyl alcohol'],
  [75, 'BENZYL SALICYLATE', 'benzyl salicylate'],
  [76, 'CINNAMAL', 'cinnamal'],
  [77, 'COUMARIN', 'coumarin'],
  [78, 'GERANIOL', 'geraniol'],
  [79, 'HYDROXYISOHEXYL 3-CYCLOHEXENE CARBOXALDEHYDE', 'HICC (lyral)'],
  [80, 'ANISE ALCOHOL', 'anise alcohol'],
  [81, 'BENZYL CINNAMATE', 'benzyl cinnamate'],
  [82, 'FARNESOL', 'farnesol'],
  [83, 'BUTYLPHENYL METHYLPROPIONAL', 'butylphenyl methylpropional (lilial)'],
  [84, 'LINALOOL', 'linalool'],
  [85, 'BENZYL BENZOATE', 'benzyl benzoate'],
  [86, 'CITRONELLOL', 'citronellol'],
  [87, 'HEXYL CINNAMAL', 'hexyl cinnamal'],
  [88, 'LIMONENE', 'limonene'],
  [89, 'METHYL 2-OCTYNOATE', 'methyl 2-octynoate'],
  [90, 'ALPHA-ISOMETHYL IONONE', 'alpha-isomethyl ionone'],
  [91, 'EVERNIA PRUNASTRI EXTRACT', 'oak moss extract'],
  [92, 'EVERNIA FURFURACEA EXTRACT', 'tree moss extract'],
];

const LATER_BANS: Record<string, string> = {
  'HYDROXYISOHEXYL 3-CYCLOHEXENE CARBOXALDEHYDE': S.hiccBan,
  'BUTYLPHENYL METHYLPROPIONAL': S.lilialBan,
};

export const FRAGRANCE_ALLERGENS: FlaggedEntry[] = ANNEX_III_ALLERGENS.map(([entry, name, label]) => ({
  label,
  names: [name],
  reason: LATER_BANS[name]
    ? 'labelled fragrance allergen, since prohibited in the EU'
    : 'labelled fragrance allergen (contact allergy)',
  source: LATER_BANS[name] ? `${annexIII(entry)}; ${LATER_BANS[name]}` : annexIII(entry),
}));

export const AVOID_IN_PREGNANCY: FlaggedEntry[] = [
  {
    label: 'retinoid',
    ...RETINOIDS,
    reason: 'vitamin A derivatives are avoided in pregnancy (oral ones cause birth defects)',
    source: `${S.pregnancySkinCare}; ${S.nhsAcneTreatment}`,
  },
  {
    label: 'hydroquinone',
    names: ['HYDROQUINONE'],
    reason: 'a large share is absorbed through the skin; avoid while pregnant',
    source: S.pregnancySkinCare,
  },
  {
    label: 'salicylic acid (high dose, peels)',
    names: ['SALICYLIC ACID'],
    reason: 'oral and high-strength peels are avoided; ask a pharmacist about low-strength washes',
    source: S.pregnancySkinCare,
  },
  {
    label: 'tazarotene',
    names: ['TAZAROTENE'],
    reason: 'prescription retinoid contraindicated in pregnancy',
    source: S.acneGuideline,
  },
];

/**
 * Comedogenic ratings come from rabbit-ear tests of raw ingredients, not finished products; a
 * penalty only, never a hard rule.
 */
const WEAK = 'rated comedogenic in the rabbit-ear model (weak evidence: finished products may not be)';
const COMEDOGENIC_SOURCE = `${S.comedogenicity}; on the model's limits: ${S.comedogenicityRevisited}`;
export const COMEDOGENIC: FlaggedEntry[] = [
  { label: 'isopropyl myristate', names: ['ISOPROPYL MYRISTATE'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'isopropyl palmitate', names: ['ISOPROPYL PALMITATE'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  {
    label: 'isopropyl isostearate',
    names: ['ISOPROPYL ISOSTEARATE'],
    reason: WEAK,
    source: COMEDOGENIC_SOURCE,
  },
  {
    label: 'coconut oil',
    names: ['COCOS NUCIFERA OIL', 'COCONUT OIL'],
    reason: WEAK,
    source: COMEDOGENIC_SOURCE,
  },
  {
    label: 'cocoa butter',
    names: ['THEOBROMA CACAO SEED BUTTER', 'COCOA BUTTER'],
    reason: WEAK,
    source: COMEDOGENIC_SOURCE,
  },
  {
    label: 'acetylated lanolin',
    names: ['ACETYLATED LANOLIN', 'ACETYLATED LANOLIN ALCOHOL'],
    reason: WEAK,
    source: COMEDOGENIC_SOURCE,
  },
  { label: 'myristyl myristate', names: ['MYRISTYL MYRISTATE'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'laureth-4', names: ['LAURETH-4'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'wheat germ oil', names: ['TRITICUM VULGARE GERM OIL'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'algae extract', names: ['ALGAE EXTRACT'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'carrageenan', names: ['CARRAGEENAN'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'isocetyl stearate', names: ['ISOCETYL STEARATE'], reason: WEAK, source: COMEDOGENIC_SOURCE },
  { label: 'oleyl alcohol', names: ['OLEYL ALCOHOL'], reason: WEAK, source: COMEDOGENIC_SOURCE },
];
