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
  OCTINOXATE: 'ETHYLHEXYL METHOXYCINNAMATE',
  'OCTYL METHOXYCINNAMATE': 'ETHYLHEXYL METHOXYCINNAMATE',
  AVOBENZONE: 'BUTYL METHOXYDIBENZOYLMETHANE',
  OXYBENZONE: 'BENZOPHENONE-3',
  OCTISALATE: 'ETHYLHEXYL SALICYLATE',
  'OCTYL SALICYLATE': 'ETHYLHEXYL SALICYLATE',
  ENSULIZOLE: 'PHENYLBENZIMIDAZOLE SULFONIC ACID',
  SULISOBENZONE: 'BENZOPHENONE-4',
  'MEXORYL SX': 'TEREPHTHALYLIDENE DICAMPHOR SULFONIC ACID',
  ECAMSULE: 'TEREPHTHALYLIDENE DICAMPHOR SULFONIC ACID',
  // label words and single-substance common names
  FRAGRANCE: 'PARFUM',
  PERFUME: 'PARFUM',
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
  BEESWAX: 'CERA ALBA',
  "CIRE D'ABEILLE": 'CERA ALBA',
  // Iron oxides are CI 77491 (red), 77492 (yellow), 77499 (black), all 'Colorant' in CosIng.
  'IRON OXIDES': 'CI 77491',
  'IRON OXIDE': 'CI 77491',
  // LookFantastic's cleaning cut 'caprylic/' off 'Caprylic/Capric Triglyceride' (237 tokens).
  'CAPRIC TRIGLYCERIDE': 'CAPRYLIC/CAPRIC TRIGLYCERIDE',
  'CAPRYLIC CAPRIC TRIGLYCERIDE': 'CAPRYLIC/CAPRIC TRIGLYCERIDE',
  'ALCOHOL DENATURED': 'ALCOHOL DENAT.',
  'SD ALCOHOL 40-B': 'ALCOHOL DENAT.',
  'SD ALCOHOL 40': 'ALCOHOL DENAT.',
  // common names of one INCI substance, as Sephora's US labels write them
  FLAVOR: 'AROMA',
  FLAVOUR: 'AROMA',
  'MINERAL OIL': 'PARAFFINUM LIQUIDUM',
  'CORN STARCH': 'ZEA MAYS STARCH',
  'SUNFLOWER SEED OIL': 'HELIANTHUS ANNUUS SEED OIL',
  'AVOCADO OIL': 'PERSEA GRATISSIMA OIL',
  'APRICOT KERNEL OIL': 'PRUNUS ARMENIACA KERNEL OIL',
  'LAVENDER OIL': 'LAVANDULA ANGUSTIFOLIA OIL',
  'GRAPE SEED EXTRACT': 'VITIS VINIFERA SEED EXTRACT',
  'CUCUMBER FRUIT EXTRACT': 'CUCUMIS SATIVUS FRUIT EXTRACT',
  'L-TYROSINE': 'TYROSINE',
  // US certified colours (21 CFR 74, 82) → their Colour Index numbers, the INCI names in CosIng
  // (Sephora's own "CI 14700/Red 4" pairs agree)
  'RED 4': 'CI 14700',
  'RED 6': 'CI 15850',
  'RED 7': 'CI 15850',
  'RED 33': 'CI 17200',
  'RED 40': 'CI 16035',
  'YELLOW 5': 'CI 19140',
  'YELLOW 6': 'CI 15985',
  'YELLOW 10': 'CI 47005',
  'BLUE 1': 'CI 42090',
  'ORANGE 4': 'CI 15510',
  'EXT. VIOLET 2': 'CI 60730',
  'EXT VIOLET 2': 'CI 60730',
  'CHROMIUM OXIDE GREENS': 'CI 77288',
};

/**
 * Former INCI botanical names (INCI renamed them to the current botanical names) and the
 * wax → CERA convention, replaced at the start of a name before matching again.
 */
export const INCI_RENAMES: Readonly<Record<string, string>> = {
  'CITRUS MEDICA LIMONUM': 'CITRUS LIMON',
  'CITRULLUS VULGARIS': 'CITRULLUS LANATUS',
  'MORINGA PTERYGOSPERMA': 'MORINGA OLEIFERA',
  'ALEURITES MOLUCCANA': 'ALEURITES MOLUCCANUS',
  'EUPHORBIA CERIFERA WAX': 'EUPHORBIA CERIFERA CERA',
  'COPERNICIA CERIFERA WAX': 'COPERNICIA CERIFERA CERA',
};
