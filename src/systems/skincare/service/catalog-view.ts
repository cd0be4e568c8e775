import type { Product } from '../contracts.ts';
import type { SkincareDb } from './tables.ts';

/** Per catalog source: how many products, and how many of their ingredient tokens CosIng matched. */
export interface SourceReport {
  source: string;
  products: number;
  ingredient_tokens: number;
  matched_tokens: number;
  /** matched / tokens (null without tokens). */
  match_rate: number | null;
}

/**
 * The products the ranking reads: the registered catalog (fixed for the process) plus the partner
 * products in the store, which join without a release. The partner part is re-read after a local
 * import at once, and otherwise when another process's import changed the table (checked at most
 * every `refreshMs`).
 */
export class CatalogView {
  private partner: Product[] = [];
  private merged: readonly Product[];
  private signature = '';
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: SkincareDb,
    readonly base: readonly Product[],
    private readonly clock: () => number,
    private readonly refreshMs: number,
  ) {
    this.merged = base;
  }

  /** Every product, base then partner (cached; see the class comment for when it is re-read). */
  async products(): Promise<readonly Product[]> {
    if (this.clock() - this.checkedAt >= this.refreshMs) await this.refresh();
    return this.merged;
  }

  /** How many products the ranking read last (base + partner); `products()` brings it up to date. */
  get size(): number {
    return this.merged.length;
  }

  /** Forgets the cache: the next read sees the table as it is now (called after an import). */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private async refresh(): Promise<void> {
    const stamp = await this.db
      .selectFrom('skincare_partner_products')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('at').as('last')])
      .executeTakeFirstOrThrow();
    this.checkedAt = this.clock();
    const signature = `${Number(stamp.n)}:${Number(stamp.last ?? 0)}`;
    if (signature === this.signature) return;
    const rows = await this.db
      .selectFrom('skincare_partner_products')
      .select('product')
      .orderBy('product_id')
      .execute();
    this.partner = rows.map((row) => JSON.parse(row.product) as Product);
    this.merged = [...this.base, ...this.partner];
    this.signature = signature;
  }

  /** Counts and CosIng match per source, over what the ranking reads now. */
  async report(): Promise<SourceReport[]> {
    const bySource = new Map<string, SourceReport>();
    for (const product of await this.products()) {
      const source = product.source;
      const entry = bySource.get(source) ?? {
        source,
        products: 0,
        ingredient_tokens: 0,
        matched_tokens: 0,
        match_rate: null,
      };
      entry.products += 1;
      for (const ingredient of product.ingredients) {
        if (!ingredient.inci) continue;
        entry.ingredient_tokens += 1;
        if (ingredient.functions.length) entry.matched_tokens += 1;
      }
      bySource.set(source, entry);
    }
    return [...bySource.values()]
      .map((e) => ({ ...e, match_rate: e.ingredient_tokens ? e.matched_tokens / e.ingredient_tokens : null }))
      .sort((a, b) => a.source.localeCompare(b.source));
  }
}
