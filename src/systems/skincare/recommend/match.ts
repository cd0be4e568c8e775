/** The knowledge base's own matcher: the ranking and checkRules read INCI names exactly as the KB means them. */
export { matchesIngredient } from '../knowledge/index.ts';
