import type { IngredientMatcher } from '../contracts.ts';

/**
 * Ingredient families as INCI matchers (upper-case names; patterns match the whole normalised
 * name). Actives, conflicts and flags reuse them so "a retinoid" means the same everywhere.
 */

/** Retinol, retinal, retinyl esters, retinoic acid and the prescription retinoids. */
export const RETINOIDS: IngredientMatcher = {
  names: [
    'RETINOL',
    'RETINAL',
    'RETINOIC ACID',
    'TRETINOIN',
    'ADAPALENE',
    'TAZAROTENE',
    'HYDROXYPINACOLONE RETINOATE',
  ],
  patterns: ['RETINYL [A-Z]+', '.*RETINOATE'],
};

/** Retinoids that benzoyl peroxide oxidises (adapalene is stable beside it). */
export const BPO_SENSITIVE_RETINOIDS: IngredientMatcher = {
  names: ['RETINOL', 'RETINAL', 'RETINOIC ACID', 'TRETINOIN'],
  patterns: ['RETINYL [A-Z]+'],
};

export const SALICYLATES_BHA: IngredientMatcher = {
  names: ['SALICYLIC ACID', 'BETAINE SALICYLATE', 'CAPRYLOYL SALICYLIC ACID'],
};

/** Exfoliating alpha-hydroxy acids (citric acid left out: it is mostly a pH adjuster). */
export const EXFOLIATING_AHAS: IngredientMatcher = {
  names: ['GLYCOLIC ACID', 'LACTIC ACID', 'MANDELIC ACID', 'MALIC ACID', 'TARTARIC ACID'],
};

/** L-ascorbic acid and its derivatives. */
export const VITAMIN_C: IngredientMatcher = {
  names: [
    'ASCORBIC ACID',
    'SODIUM ASCORBYL PHOSPHATE',
    'MAGNESIUM ASCORBYL PHOSPHATE',
    'ASCORBYL GLUCOSIDE',
    'TETRAHEXYLDECYL ASCORBATE',
    '3-O-ETHYL ASCORBIC ACID',
    'ETHYL ASCORBIC ACID',
    'ASCORBYL PALMITATE',
    'ASCORBYL TETRAISOPALMITATE',
  ],
};

/** The pure acid only: the low-pH, easily oxidised form. */
export const L_ASCORBIC_ACID: IngredientMatcher = { names: ['ASCORBIC ACID'] };

export const BENZOYL_PEROXIDE: IngredientMatcher = { names: ['BENZOYL PEROXIDE'] };

export const NIACINAMIDE: IngredientMatcher = { names: ['NIACINAMIDE'] };

export const AZELAIC_ACID: IngredientMatcher = { names: ['AZELAIC ACID', 'POTASSIUM AZELOYL DIGLYCINATE'] };

export const CENTELLA: IngredientMatcher = {
  names: ['MADECASSOSIDE', 'ASIATICOSIDE', 'MADECASSIC ACID', 'ASIATIC ACID'],
  patterns: ['CENTELLA ASIATICA .*'],
};

export const HYALURONIC: IngredientMatcher = { patterns: ['.*HYALURON.*'] };

export const CERAMIDES: IngredientMatcher = { patterns: ['CERAMIDE .*', 'CERAMIDE-\\d+'] };

export const PEPTIDES: IngredientMatcher = { patterns: ['.*PEPTIDE-\\d+.*', '.*OLIGOPEPTIDE.*'] };

export const LICORICE: IngredientMatcher = {
  names: ['DIPOTASSIUM GLYCYRRHIZATE', 'GLYCYRRHETINIC ACID', 'GLABRIDIN'],
  patterns: ['GLYCYRRHIZA [A-Z]+ ROOT.*'],
};

/**
 * Plant essential oils (the volatile oils of aromatic genera); seed and kernel oils of the same
 * genera are carrier oils and are left out.
 */
export const ESSENTIAL_OILS: IngredientMatcher = {
  patterns: [
    '(?!.*(SEED|KERNEL|NUT) OIL)(LAVANDULA|MENTHA|EUCALYPTUS|MELALEUCA|ROSMARINUS|CITRUS|CYMBOPOGON|PELARGONIUM|SALVIA|THYMUS|CINNAMOMUM|EUGENIA|SYZYGIUM|JASMINUM|CANANGA|SANTALUM|CEDRUS|JUNIPERUS|ORIGANUM|OCIMUM|ANTHEMIS|CHAMOMILLA|MATRICARIA|BOSWELLIA|POGOSTEMON|CUPRESSUS|LITSEA|CORIANDRUM|FOENICULUM|ILLICIUM|PIMPINELLA|VETIVERIA|ROSA DAMASCENA|ROSA CENTIFOLIA) [A-Z ()/-]*OIL',
  ],
};

/** Fragrance as a whole ("Parfum", "Fragrance", "Parfum/Fragrance"). */
export const FRAGRANCE: IngredientMatcher = {
  names: ['PARFUM', 'FRAGRANCE'],
  patterns: ['(PARFUM|FRAGRANCE) ?/ ?(PARFUM|FRAGRANCE)'],
};
