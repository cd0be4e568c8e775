/**
 * The slug of a product's brand and name: lower case ASCII letters and digits joined by '-'
 * ('Crème' → 'creme', '+' → 'plus', '&' → 'and'); the part of a product id after its source.
 * @example
 * productSlug('LA MER', 'Crème de la Mer'); // 'la-mer-creme-de-la-mer'
 */
export function productSlug(brand: string, name: string): string {
  const slug = `${brand} ${name}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\+/g, ' plus ')
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'product' : slug;
}
