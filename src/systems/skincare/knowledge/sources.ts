/**
 * The references the knowledge base cites, written once so every entry names the same text the
 * same way. Papers link to a PubMed search for their exact title (a stable address that finds the
 * paper without us guessing a DOI); regulations link to EUR-Lex by their ELI; public health pages
 * link to themselves.
 */

const pubmed = (title: string): string =>
  `https://pubmed.ncbi.nlm.nih.gov/?term=${encodeURIComponent(`"${title}"`)}`;

const cite = (reference: string, url: string): string => `${reference} ${url}`;

const paper = (authors: string, title: string, journal: string): string =>
  cite(`${authors}. ${title}. ${journal}.`, pubmed(title));

export const EU_COSMETICS_REGULATION_URL = 'https://eur-lex.europa.eu/eli/reg/2009/1223/oj';

/** Annex III of Regulation (EC) No 1223/2009, one reference number. */
export const annexIII = (entry: number): string =>
  cite(
    `Regulation (EC) No 1223/2009 on cosmetic products, Annex III, reference number ${entry} (labelled when above 0.001 % in leave-on, 0.01 % in rinse-off products).`,
    EU_COSMETICS_REGULATION_URL,
  );

export const SOURCES = {
  acneGuideline: paper(
    'Zaenglein AL, Pathy AL, Schlosser BJ, et al.',
    'Guidelines of care for the management of acne vulgaris',
    'J Am Acad Dermatol 2016;74(5):945-973',
  ),
  nhsAcneTreatment: cite('NHS, "Acne — treatment".', 'https://www.nhs.uk/conditions/acne/treatment/'),
  sulfur: paper(
    'Gupta AK, Nicol K',
    'The use of sulfur in dermatology',
    'J Drugs Dermatol 2004;3(4):427-431',
  ),
  zinc: paper(
    'Gupta M, Mahajan VK, Mehta KS, Chauhan PS',
    'Zinc therapy in dermatology: a review',
    'Dermatol Res Pract 2014;2014:709152',
  ),
  niacinamideSebum: paper(
    'Draelos ZD, Matsubara A, Smiles K',
    'The effect of 2% niacinamide on facial sebum production',
    'J Cosmet Laser Ther 2006;8(2):96-101',
  ),
  niacinamideAgeing: paper(
    'Bissett DL, Oblong JE, Berge CA',
    'Niacinamide: A B vitamin that improves aging facial skin appearance',
    'Dermatol Surg 2005;31(7 Pt 2):860-865',
  ),
  niacinamidePigment: paper(
    'Hakozaki T, Minwalla L, Zhuang J, et al.',
    'The effect of niacinamide on reducing cutaneous pigmentation and suppression of melanosome transfer',
    'Br J Dermatol 2002;147(1):20-31',
  ),
  niacinamideReview: paper(
    'Gehring W',
    'Nicotinic acid/niacinamide and the skin',
    'J Cosmet Dermatol 2004;3(2):88-93',
  ),
  oilySkin: paper(
    'Endly DC, Miller RA',
    'Oily Skin: A review of Treatment Options',
    'J Clin Aesthet Dermatol 2017;10(8):49-55',
  ),
  moisturisers: paper(
    'Lodén M',
    'Role of topical emollients and moisturizers in the treatment of dry skin barrier disorders',
    'Am J Clin Dermatol 2003;4(11):771-788',
  ),
  moisturisersDermatitis: paper(
    'Purnamawati S, Indrastuti N, Danarti R, Saefudin T',
    'The Role of Moisturizers in Addressing Various Kinds of Dermatitis: A Review',
    'Clin Med Res 2017;15(3-4):75-87',
  ),
  glycerol: paper(
    'Fluhr JW, Darlenski R, Surber C',
    'Glycerol and the skin: holistic approach to its origin and functions',
    'Br J Dermatol 2008;159(1):23-34',
  ),
  hyaluronic: paper(
    'Pavicic T, Gauglitz GG, Lersch P, et al.',
    'Efficacy of cream-based novel formulations of hyaluronic acid of different molecular weights in anti-wrinkle treatment',
    'J Drugs Dermatol 2011;10(9):990-1000',
  ),
  ceramides: paper(
    'Meckfessel MH, Brandt S',
    'The structure, function, and importance of ceramides in skin and their use as therapeutic agents in skin-care products',
    'J Am Acad Dermatol 2014;71(1):177-184',
  ),
  urea: paper(
    'Piquero-Casals J, Morgado-Carrasco D, Granger C, et al.',
    'Urea in Dermatology: A Review of its Emollient, Moisturizing, Keratolytic, Skin Barrier Enhancing and Antimicrobial Properties',
    'Dermatol Ther (Heidelb) 2021;11(6):1905-1915',
  ),
  squalane: paper(
    'Huang ZR, Lin YK, Fang JY',
    'Biological and pharmacological activities of squalene and related compounds: potential uses in cosmetic dermatology',
    'Molecules 2009;14(1):540-554',
  ),
  petrolatum: paper(
    'Ghadially R, Halkier-Sorensen L, Elias PM',
    'Effects of petrolatum on stratum corneum structure and function',
    'J Am Acad Dermatol 1992;26(3 Pt 2):387-396',
  ),
  oatmeal: paper(
    'Kurtz ES, Wallo W',
    'Colloidal oatmeal: history, chemistry and clinical properties',
    'J Drugs Dermatol 2007;6(2):167-170',
  ),
  rosaceaCochrane: paper(
    'van Zuuren EJ, Fedorowicz Z, Carter B, van der Linden MM, Charland L',
    'Interventions for rosacea',
    'Cochrane Database Syst Rev 2015;(4):CD003262',
  ),
  centella: paper(
    'Bylka W, Znajdek-Awiżeń P, Studzińska-Sroka E, Brzezińska M',
    'Centella asiatica in cosmetology',
    'Postepy Dermatol Alergol 2013;30(1):46-49',
  ),
  dexpanthenol: paper(
    'Ebner F, Heller A, Rippke F, Tausch I',
    'Topical use of dexpanthenol in skin disorders',
    'Am J Clin Dermatol 2002;3(6):427-433',
  ),
  allantoin: paper(
    'Araújo LU, Grabe-Guimarães A, Mosqueira VC, Carneiro CM, Silva-Barcellos NM',
    'Profile of wound healing process induced by allantoin',
    'Acta Cir Bras 2010;25(5):460-466',
  ),
  vitaminC: paper('Telang PS', 'Vitamin C in dermatology', 'Indian Dermatol Online J 2013;4(2):143-146'),
  vitaminCSkin: paper(
    'Pullar JM, Carr AC, Vissers MCM',
    'The Roles of Vitamin C in Skin Health',
    'Nutrients 2017;9(8):866',
  ),
  pigmentCosmeceuticals: paper(
    'Sarkar R, Arora P, Garg KV',
    'Cosmeceuticals for hyperpigmentation: what is available?',
    'J Cutan Aesthet Surg 2013;6(1):4-11',
  ),
  tranexamic: paper(
    'Taraz M, Niknam S, Ehsani AH',
    'Tranexamic acid in treatment of melasma: A comprehensive review of clinical studies',
    'Dermatol Ther 2017;30(3):e12465',
  ),
  retinoidsAgeing: paper(
    'Mukherjee S, Date A, Patravale V, Korting HC, Roeder A, Weindl G',
    'Retinoids in the treatment of skin aging: an overview of clinical efficacy and safety',
    'Clin Interv Aging 2006;1(4):327-348',
  ),
  retinol: paper(
    'Kafi R, Kwak HS, Schumacher WE, et al.',
    'Improvement of naturally aged skin with vitamin A (retinol)',
    'Arch Dermatol 2007;143(5):606-612',
  ),
  peptides: paper(
    'Schagen SK',
    'Topical Peptide Treatments with Effective Anti-Aging Results',
    'Cosmetics 2017;4(2):16',
  ),
  pentapeptide: paper(
    'Robinson LR, Fitzgerald NC, Doughty DG, et al.',
    'Topical palmitoyl pentapeptide provides improvement in photoaged human facial skin',
    'Int J Cosmet Sci 2005;27(3):155-160',
  ),
  hydroxyAcids: paper(
    'Kornhauser A, Coelho SG, Hearing VJ',
    'Applications of hydroxy acids: classification, mechanisms, and photoactivity',
    'Clin Cosmet Investig Dermatol 2010;3:135-142',
  ),
  ahaDualEffects: paper(
    'Tang SC, Yang JH',
    'Dual Effects of Alpha-Hydroxy Acids on the Skin',
    'Molecules 2018;23(4):863',
  ),
  fdaAha: cite(
    'U.S. Food and Drug Administration, "Alpha Hydroxy Acids" (CIR: safe at ≤ 10 % and pH ≥ 3.5 in consumer products; raises sun sensitivity).',
    'https://www.fda.gov/cosmetics/cosmetic-ingredients/alpha-hydroxy-acids',
  ),
  bakuchiol: paper(
    'Dhaliwal S, Rybak I, Ellis SR, et al.',
    'Prospective, randomized, double-blind assessment of topical bakuchiol and retinol for facial photoageing',
    'Br J Dermatol 2019;180(2):289-296',
  ),
  teaTree: paper(
    'Enshaieh S, Jooya A, Siadat AH, Iraji F',
    'The efficacy of 5% topical tea tree oil gel in mild to moderate acne vulgaris: a randomized, double-blind placebo-controlled study',
    'Indian J Dermatol Venereol Leprol 2007;73(1):22-25',
  ),
  rosaceaSurvey: cite(
    'National Rosacea Society patient survey of skin-care triggers (alcohol 66 %, witch hazel 30 %, fragrance 30 %, menthol 21 %, peppermint 14 %, eucalyptus oil 13 %).',
    'https://www.rosacea.org/',
  ),
  ethanolSafety: paper(
    'Lachenmeier DW',
    'Safety evaluation of topical applications of ethanol on the skin and inside the oral cavity',
    'J Occup Med Toxicol 2008;3:26',
  ),
  menthol: paper(
    'Patel T, Ishiuji Y, Yosipovitch G',
    'Menthol: a refreshing look at this ancient compound',
    'J Am Acad Dermatol 2007;57(5):873-878',
  ),
  slsModel: paper(
    'Lee CH, Maibach HI',
    'The sodium lauryl sulfate model: an overview',
    'Contact Dermatitis 1995;33(1):1-7',
  ),
  sccsFragrance: cite(
    'SCCS (Scientific Committee on Consumer Safety), Opinion on fragrance allergens in cosmetic products, SCCS/1459/11, 2012.',
    'https://ec.europa.eu/health/scientific_committees/consumer_safety/docs/sccs_o_102.pdf',
  ),
  methylisothiazolinone: cite(
    'Commission Regulation (EU) 2016/1198 amending Annex V to Regulation (EC) No 1223/2009 (methylisothiazolinone banned in leave-on products as a contact allergen).',
    'https://eur-lex.europa.eu/eli/reg/2016/1198/oj',
  ),
  formaldehydeReleasers: paper(
    'de Groot A, White IR, Flyvholm MA, Lensen G, Coenraads PJ',
    'Formaldehyde-releasers in cosmetics: relationship to formaldehyde contact allergy. Part 1. Characterization, frequency and relevance of sensitization, and frequency of use in cosmetics',
    'Contact Dermatitis 2010;62(1):2-17',
  ),
  hiccBan: cite(
    'Commission Regulation (EU) 2017/1410 (hydroxyisohexyl 3-cyclohexene carboxaldehyde prohibited from 2021).',
    'https://eur-lex.europa.eu/eli/reg/2017/1410/oj',
  ),
  lilialBan: cite(
    'Commission Regulation (EU) 2021/1902 (butylphenyl methylpropional prohibited as CMR from March 2022).',
    'https://eur-lex.europa.eu/eli/reg/2021/1902/oj',
  ),
  pregnancySkinCare: paper(
    'Bozzo P, Chua-Gocheco A, Einarson A',
    'Safety of skin care products during pregnancy',
    'Can Fam Physician 2011;57(6):665-667',
  ),
  comedogenicity: paper(
    'Fulton JE Jr',
    'Comedogenicity and irritancy of commonly used ingredients in skin care products',
    'J Soc Cosmet Chem 1989;40:321-333',
  ),
  comedogenicityRevisited: paper(
    'Draelos ZD, DiNardo JC',
    'A re-evaluation of the comedogenicity concept',
    'J Am Acad Dermatol 2006;54(3):507-512',
  ),
  bpoRetinoidStability: paper(
    'Martin B, Meunier C, Montels D, Watts O',
    'Chemical stability of adapalene and tretinoin when combined with benzoyl peroxide in presence and in absence of visible light and ultraviolet radiation',
    'Br J Dermatol 1998;139 Suppl 52:8-11',
  ),
  nhsMelanoma: cite(
    'NHS, "Melanoma skin cancer — symptoms".',
    'https://www.nhs.uk/conditions/melanoma-skin-cancer/symptoms/',
  ),
  nhsNonMelanoma: cite(
    'NHS, "Non-melanoma skin cancer".',
    'https://www.nhs.uk/conditions/non-melanoma-skin-cancer/',
  ),
  nhsSjs: cite('NHS, "Stevens-Johnson syndrome".', 'https://www.nhs.uk/conditions/stevens-johnson-syndrome/'),
  nhsCellulitis: cite('NHS, "Cellulitis".', 'https://www.nhs.uk/conditions/cellulitis/'),
  nhsAnaphylaxis: cite('NHS, "Anaphylaxis".', 'https://www.nhs.uk/conditions/anaphylaxis/'),
  nhsAngioedema: cite('NHS, "Angioedema".', 'https://www.nhs.uk/conditions/angioedema/'),
  nhsShingles: cite('NHS, "Shingles".', 'https://www.nhs.uk/conditions/shingles/'),
} as const;
