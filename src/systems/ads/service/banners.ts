import { ProblemError } from '../../../platform/http/problem.ts';
import type { PolicyArm } from './bandit-state.ts';
import type { AdsDb, AdsTables, BannerStatus } from './tables.ts';

export type BannerRow = AdsTables['ads_banners'];

export interface NewBanner {
  banner_id: string;
  title?: string;
  /** Its own Beta prior; without one it starts from the configured cold-start prior. */
  prior?: { alpha: number; beta: number };
}

/** The banners as the policy sees them. */
export const armsOf = (banners: readonly BannerRow[]): PolicyArm[] =>
  banners.map((b) => ({
    id: b.banner_id,
    status: b.status,
    prior: { alpha: b.prior_alpha, beta: b.prior_beta },
  }));

/**
 * The banner catalogue: rows in `ads_banners`, and an in-memory copy that decisions read (refreshed
 * after each edit here, and periodically for edits made by another process).
 */
export class BannerCatalog {
  private rows: BannerRow[] = [];

  constructor(private readonly db: AdsDb) {}

  async refresh(): Promise<void> {
    this.rows = await this.db
      .selectFrom('ads_banners')
      .selectAll()
      .orderBy('created_at')
      .orderBy('banner_id')
      .execute();
  }

  all(): readonly BannerRow[] {
    return this.rows;
  }

  active(): string[] {
    return this.rows.filter((b) => b.status === 'active').map((b) => b.banner_id);
  }

  arms(): PolicyArm[] {
    return armsOf(this.rows);
  }
}

/** Why a status change is refused, or undefined when it is allowed. */
export function statusChangeRefusal(from: BannerStatus, to: BannerStatus, id: string): string | undefined {
  if (from === 'retired' && to !== 'retired')
    return `banner "${id}" is retired: retiring is final (add a new banner instead)`;
  return undefined;
}

/** The 409 of a banner posted again with other content. */
export function bannerConflict(id: string, what: string): ProblemError {
  return new ProblemError({ status: 409, detail: `banner "${id}" already exists with a different ${what}` });
}
