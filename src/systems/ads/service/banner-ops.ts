import { retryOnUniqueViolation } from '../../../platform/store/unique-violation.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import { armsOf, bannerConflict, statusChangeRefusal, type BannerRow, type NewBanner } from './banners.ts';
import type { AdsCore } from './core.ts';
import { defaultPrior } from './policies.ts';
import type { BannerStatus } from './tables.ts';

/** A banner as the API shows it: its row and what the service counted of it. */
export function bannerView(core: AdsCore, row: BannerRow) {
  const counts = core.learner.current.counts[row.banner_id] ?? {
    impressions: 0,
    clicks: 0,
    closes: 0,
    expired: 0,
  };
  return {
    banner_id: row.banner_id,
    title: row.title,
    status: row.status,
    prior: { alpha: row.prior_alpha, beta: row.prior_beta },
    ...counts,
    ctr: counts.impressions ? counts.clicks / counts.impressions : null,
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

/**
 * Adds a banner (idempotent: the same banner again is a no-op answered 200; other content is a
 * 409). It starts from its own prior or the cold-start prior, in every placement's policy, in the
 * transaction that stores it.
 */
export async function addBanner(
  core: AdsCore,
  input: NewBanner,
): Promise<{ created: boolean; row: BannerRow }> {
  const prior = input.prior ?? defaultPrior(core.config);
  const now = core.clock();
  const row: BannerRow = {
    banner_id: input.banner_id,
    title: input.title ?? input.banner_id,
    status: 'active',
    prior_alpha: prior.alpha,
    prior_beta: prior.beta,
    created_at: now,
    updated_at: now,
  };
  // Two identical POSTs race to insert; the loser runs again and answers as the no-op repeat.
  const result = await retryOnUniqueViolation(() =>
    core.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('ads_banners')
        .selectAll()
        .where('banner_id', '=', row.banner_id)
        .executeTakeFirst();
      if (existing) {
        if (input.title !== undefined && existing.title !== input.title)
          throw bannerConflict(row.banner_id, 'title');
        if (input.prior && (existing.prior_alpha !== prior.alpha || existing.prior_beta !== prior.beta))
          throw bannerConflict(row.banner_id, 'prior');
        return { created: false, row: existing };
      }
      await trx.insertInto('ads_banners').values(row).execute();
      const state = await core.learner.setBanner(trx, armsOf([row])[0]!);
      return { created: true, row, state };
    }),
  );
  await afterEdit(core, 'state' in result ? result.state : undefined);
  return { created: result.created, row: result.row };
}

/** Pauses, resumes or retires a banner (retiring is final), or renames it. */
export async function updateBanner(
  core: AdsCore,
  id: string,
  change: { status?: BannerStatus; title?: string },
): Promise<BannerRow> {
  const result = await core.db.transaction().execute(async (trx) => {
    // On PostgreSQL the row is locked, so two concurrent edits apply one after the other and a
    // resume cannot undo a pause it never saw (SQLite's writer lock already serialises them).
    const select = trx.selectFrom('ads_banners').selectAll().where('banner_id', '=', id);
    const existing = await (core.dialect === 'postgres' ? select.forUpdate() : select).executeTakeFirst();
    if (!existing) throw new ProblemError({ status: 404, detail: `no banner with id "${id}"` });
    const status = change.status ?? existing.status;
    const refusal = statusChangeRefusal(existing.status, status, id);
    if (refusal) throw new ProblemError({ status: 409, detail: refusal });
    const row: BannerRow = {
      ...existing,
      status,
      title: change.title ?? existing.title,
      updated_at: core.clock(),
    };
    await trx
      .updateTable('ads_banners')
      .set({ status: row.status, title: row.title, updated_at: row.updated_at })
      .where('banner_id', '=', id)
      .execute();
    const state =
      status === existing.status ? undefined : await core.learner.setBanner(trx, armsOf([row])[0]!);
    return { row, state };
  });
  await afterEdit(core, result.state);
  return result.row;
}

async function afterEdit(core: AdsCore, state: Parameters<AdsCore['learner']['adopt']>[0] | undefined) {
  if (state) core.learner.adopt(state, true);
  await core.catalog.refresh();
  core.metrics.activeBanners.set(core.catalog.active().length);
}
