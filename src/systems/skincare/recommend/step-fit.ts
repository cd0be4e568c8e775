import type { Product, RoutineStep } from '../contracts.ts';

/**
 * Which routine step and time of day a product fits, read from its name (Sephora's and
 * LookFantastic's categories lump toners, scrubs and setting powders in with cleansers and
 * sunscreens, and concealers, primers and BB/CC creams in with treatments and moisturisers, so the
 * category alone does not make a routine step).
 */

/** Made for the evening: 'Night Cream', 'Overnight Mask', 'Sleeping Cream', 'Retinol Fusion PM', 'Evening Repair'. */
const NIGHT_NAME = /night|sleep|evening|\bPM\b/i;
/** Made for the day: it carries an SPF ('Day Cream SPF 30', 'DayWear … Broad Spectrum'). */
const SPF_NAME = /(?<!no )SPF|broad spectrum/i;

/** Exfoliants are not a daily cleanser: scrubs, (micro)dermabrasion, peels, polishes, resurfacing liquids. */
const EXFOLIANT_NAME = /scrub|dermabrasion|peel|exfoli|polish|resurfac|grains|babyfacial|enzyme powder/i;
/** Leave-on products filed as cleansers (toners, tonics, serums, masks, essences, mists) unless the name says it cleanses. */
const LEAVE_ON_NAME = /\btone?r\b|\btonic\b|\bserum\b|\bmask\b|\bessence\b|\bmist\b/i;
const CLEANSES_NAME = /cleans(er|ing)|\bwash\b/i;

/**
 * Makeup, whatever its category: neither source has a makeup category, so Sephora files concealers,
 * primers and color correctors under 'Treatment', and BB/CC creams, tinted moisturisers, setting
 * mists and cushion compacts under 'Moisturizer' (and 'Sun protect'). Makeup fills no skincare step.
 * Not makeup: a 'Dark Spot Corrector', a 'Moisture Cushion' (a gel cream), a 'Priming Moisturizer'
 * (untinted), a plain 'Beauty Balm' (the sunscreen step keeps its own, stricter list).
 */
const MAKEUP_NAME =
  /conceal|foundation|primer|priming(?! moisturi[sz]er)|colou?r[- ]correct|\btint|\bteint|\b[BCD]{2}\b|[BC]{2}\+|(?<!moisture )cushion|\bsetting\b|\bblur|(?:perfecting|setting|finishing|pressed|loose) powder|\bshades?\b|bronz|highlighter|blush|lipstick|lip gloss|mascara|eyeliner|eye ?shadow/i;
/** Makeup words in a remover's name ('Mascara Melt Off Cleansing Oil') do not make it makeup. */
const REMOVER_NAME = /remov|cleans|melt(?:ing)? off|\bwash\b|wipes?\b|cloths?\b/i;
const MAKEUP_UNFIT = 'makeup (concealer, primer, foundation, tinted or BB/CC cream), not a skincare step';

/**
 * Whether a product name is makeup (see {@link MAKEUP_NAME}); such a product fills no routine step.
 * @example
 * isMakeup('Bye Bye Breakout™ Full-Coverage Concealer'); // true
 * isMakeup('Even Better Clinical Dark Spot Corrector & Optimizer'); // false
 * isMakeup('Mascara Melt Off Cleansing Oil'); // false
 */
export function isMakeup(name: string): boolean {
  return MAKEUP_NAME.test(name) && !REMOVER_NAME.test(name);
}

/**
 * Not a face sunscreen to apply as the last skincare step: makeup with an SPF (powders, setting
 * sprays/mists, refills, primers, foundations, BB/CC/DD creams, cushions, anything tinted,
 * bronzers) and products that are not sun protection at all (after-sun, tanning oils, 'No SPF').
 */
const NOT_FACE_SUNSCREEN_NAME =
  /powder|setting|refill|primer|foundation|\b[BCD]{2}\b|BB\+|beauty balm|cushion|tint|bronz|after[- ]sun|tanning|no SPF/i;
/** A sunscreen names its protection ('SPF 30', 'Broad Spectrum', 'UV Protector'); a supplement or a stick primer does not. */
const PROTECTION_NAME = /SPF|broad spectrum|sunscreen|\bUV|\bsun\b/i;
/** Body products: 'Body', 'Sport', continuous sprays, sprays and mists — unless the name says face. */
const BODY_NAME = /\bbody\b|sport|spray|\bmist\b/i;
const FACE_NAME = /\bface\b|\bfacial\b/i;

/** What a product is unfit for (none: it fits every step of its category at both times). */
export interface StepFit {
  /** It may be a morning step (its name does not say night/overnight/sleeping/PM/evening). */
  am: boolean;
  /** It may be an evening step (no SPF: sunscreen in the evening protects nothing). */
  pm: boolean;
  /** Why its category's step is not for it ('an exfoliant, not a daily cleanser'), or null when it fits. */
  unfit: string | null;
  /** A sunscreen for the body (sport/spray/body): used only when no face sunscreen fits. */
  body: boolean;
}

const fitCache = new WeakMap<Product, StepFit>();

/**
 * How a product fits its routine step and the time of day, from its name and category.
 * @example
 * stepFit({ name: 'Ultra Repair Hydra-Firm Sleeping Cream', category: 'moisturiser' }).am; // false
 * stepFit({ name: 'Invincible Setting Powder SPF 45 Refill', category: 'sunscreen' }).unfit; // 'makeup or not a sunscreen to apply as the last skincare step'
 * stepFit({ name: 'Acne Solutions Clearing Concealer', category: 'treatment' }).unfit; // 'makeup (concealer, primer, foundation, tinted or BB/CC cream), not a skincare step'
 */
export function stepFit(product: Pick<Product, 'name' | 'category'>): StepFit {
  const cached = fitCache.get(product as Product);
  if (cached) return cached;
  const { name, category } = product;
  const spf = category === 'sunscreen' || SPF_NAME.test(name);
  const fit: StepFit = { am: !NIGHT_NAME.test(name), pm: !spf, unfit: null, body: false };
  if (category === 'cleanser') {
    if (EXFOLIANT_NAME.test(name)) fit.unfit = 'an exfoliant, not a daily cleanser';
    else if (LEAVE_ON_NAME.test(name) && !CLEANSES_NAME.test(name))
      fit.unfit = 'a leave-on product (toner, serum, mask), not a cleanser';
  }
  if (category === 'sunscreen') {
    if (NOT_FACE_SUNSCREEN_NAME.test(name) || !PROTECTION_NAME.test(name))
      fit.unfit = 'makeup or not a sunscreen to apply as the last skincare step';
    fit.body = BODY_NAME.test(name) && !FACE_NAME.test(name);
  }
  fit.unfit ??= isMakeup(name) ? MAKEUP_UNFIT : null;
  fitCache.set(product as Product, fit);
  return fit;
}

/** Whether the product may fill `step` at `time` (its category is the step's, checked elsewhere). */
export function fitsStep(
  product: Pick<Product, 'name' | 'category'>,
  step: RoutineStep,
  time: 'am' | 'pm',
): boolean {
  const fit = stepFit(product);
  if (fit.unfit) return false;
  if (step === 'sunscreen') return time === 'am';
  return fit[time];
}
