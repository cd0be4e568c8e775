/**
 * Names the catalogs use that are not INCI names, mapped to the INCI name CosIng lists.
 * - US drug names of sunscreen actives (USAN, the names the US FDA sunscreen monograph 21 CFR 352.10
 *   uses; Sephora lists US labels) → their INCI names in the EU Cosmetics Regulation Annex VI.
 * - Label words for perfume and common names that stand for one INCI name (INCI's own glossary
 *   naming conventions: "Parfum" for fragrance, "Tocopherol" for vitamin E).
 * Only names that mean exactly one substance are here; 'shea' or 'rose' alone are not.
 * Keys and values are in normalised form (see normaliseInci).
 */
export const INCI_SYNONYMS: Readonly<Record<string, string>> = {
  // sunscreen actives: USAN → INCI
  'OCTINOXATE': 'ETHYLHEXYL METHOXYCINNAMATE',
  'OCTYL METHOXYCINNAMATE': 'ETHYLHEXYL METHOXYCINNAMATE',
  'AVOBENZONE': 'BUTYL METHOXYDIBENZOYLMETHANE',
  'OXYBENZONE': 'BENZOPHENONE-3',
  'OCTISALATE': 'ETHYLHEXYL SALICYLATE',
  'OCTYL SALICYLATE': 'ETHYLHEXYL SALICYLATE',
  'ENSULIZOLE': 'PHENYLBENZIMIDAZOLE SULFONIC ACID',
  'SULISOBENZONE': 'BENZOPHENONE-4',
  'MEXORYL SX': 'TEREPHTHALYLIDENE DICAMPHOR SULFONIC ACID',
  'ECAMSULE': 'TEREPHTHALYLIDENE DICAMPHOR SULFONIC ACID',
  // label words and single-substance common names
  'FRAGRANCE': 'PARFUM',
  'PERFUME': 'PARFUM',
  'FRAGRANCE (PARFUM)': 'PARFUM',
  'PARFUM (FRAGRANCE)': 'PARFUM',
  'VITAMIN E': 'TOCOPHEROL',
  'VITAMIN E ACETATE': 'TOCOPHERYL ACETATE',
  'VITAMIN C': 'ASCORBIC ACID',
  'VITAMIN A': 'RETINOL',
  'VITAMIN B3': 'NIACINAMIDE',
  'VITAMIN B5': 'PANTHENOL',
  'PRO-VITAMIN B5': 'PANTHENOL',
  'CASTOR OIL': 'RICINUS COMMUNIS SEED OIL',
  'SHEA BUTTER': 'BUTYROSPERMUM PARKII BUTTER',
  'JOJOBA OIL': 'SIMMONDSIA CHINENSIS SEED OIL',
  'ARGAN OIL': 'ARGANIA SPINOSA KERNEL OIL',
  'COCONUT OIL': 'COCOS NUCIFERA OIL',
  'OLIVE OIL': 'OLEA EUROPAEA FRUIT OIL',
  'SWEET ALMOND OIL': 'PRUNUS AMYGDALUS DULCIS OIL',
  'BEES WAX': 'CERA ALBA',
  'BEESWAX': 'CERA ALBA',
  'CIRE D\'ABEILLE': 'CERA ALBA',
  'ALCOHOL DENATURED': 'ALCOHOL DENAT.',
  'SD ALCOHOL 40-B': 'ALCOHOL DENAT.',
  'SD ALCOHOL 40': 'ALCOHOL DENAT.',
};
