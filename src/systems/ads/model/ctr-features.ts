import type { SparseRow } from '../../../ml/linear/ftrl.ts';
import { HashedCrosses, type CtrFields, type HashedCrossesConfig } from '../../../ml/ctr/hashed-crosses.ts';
import type { Campaign, ObdEvent, ObdItem, ObdLog } from '../data/obd-types.ts';

/** What the CTR features read from an impression: the user's context (the logged event's, or a live request's). */
export type CtrUserContext = Pick<ObdEvent, 'userFeatures' | 'affinity'>;

/** The catalogue an item is scored in: its campaign (item ids are per campaign) and item features. */
export type CtrCatalog = Pick<ObdLog, 'campaign' | 'itemContext'>;

const USER = ['user_feature_0', 'user_feature_1', 'user_feature_2', 'user_feature_3'] as const;
const GROUPS = ['item_group_1', 'item_group_2', 'item_group_3'] as const;

/**
 * The ads CTR model's features. One model serves both campaigns: the user features are the same
 * hashed values in men's and women's logs (checked on the sample), so their weights pool the
 * clicks of both; item ids and item groups are campaign-scoped (`men:3`), so items never mix.
 * Crosses follow the issue: user × item, user × position, item × position, user × item × position
 * (each user feature on its own: the four together form segments too rare to learn at ~50 clicks).
 */
export const ADS_CTR_FEATURES: HashedCrossesConfig = {
  bits: 18,
  seed: 0x0b0d,
  categorical: ['campaign', ...USER, 'item', ...GROUPS, 'position'],
  crosses: [
    ...USER.map((u) => [u, 'item']),
    ...USER.map((u) => [u, 'position']),
    ['item', 'position'],
    ...GROUPS.map((g) => [g, 'position']),
    ...USER.map((u) => [u, 'item', 'position']),
  ],
  // Affinity is a past-click count: log1p keeps a heavy user from dominating the logit.
  numeric: { item_numeric: 1, affinity: 1 },
};

const featurizer = new HashedCrosses(ADS_CTR_FEATURES);

/**
 * The named fields of showing `item` at `position` (0..2) to the user of `context`.
 * @example
 * const catalog = { campaign: 'men', itemContext: [{ item: 0, numeric: 0.5, groups: [1, 0, 2] }] };
 * ctrFieldsFor({ userFeatures: ['a', 'b', 'c', 'd'], affinity: Float32Array.of(3) }, 0, 2, catalog).item_group_2; // 'men:0'
 */
export function ctrFieldsFor(
  context: CtrUserContext,
  item: number,
  position: number,
  catalog: CtrCatalog,
): CtrFields {
  const info: ObdItem | undefined = catalog.itemContext[item];
  if (!info || info.item !== item)
    throw new Error(`item ${item} is not in the ${catalog.campaign} catalogue`);
  if (context.userFeatures.length !== USER.length)
    throw new Error(`expected ${USER.length} user features, got ${context.userFeatures.length}`);
  const campaign: Campaign = catalog.campaign;
  const fields: Record<string, string | number> = {
    campaign,
    item: `${campaign}:${item}`,
    position,
    item_numeric: info.numeric,
    affinity: Math.log1p(Math.max(0, context.affinity[item] ?? 0)),
  };
  USER.forEach((name, k) => (fields[name] = context.userFeatures[k]));
  GROUPS.forEach((name, k) => {
    if (info.groups[k] !== undefined) fields[name] = `${campaign}:${info.groups[k]}`;
  });
  return fields;
}

/**
 * The CTR model's sparse row for `item` at `position` and the user of `context`: what training
 * learns from a logged event, OPE's direct method scores (q̂(x, a, pos)) and serving predicts.
 * @example
 * const catalog = { campaign: 'women', itemContext: [{ item: 0, numeric: -1, groups: [0, 0, 0] }] };
 * const user = { userFeatures: ['a', 'b', 'c', 'd'], affinity: Float32Array.of(0) };
 * ctrRowFor(user, 0, 1, catalog).indices.length; // 27
 */
export function ctrRowFor(
  context: CtrUserContext,
  item: number,
  position: number,
  catalog: CtrCatalog,
): SparseRow {
  return featurizer.row(ctrFieldsFor(context, item, position, catalog));
}

/** The row of a logged impression: the item it showed, where, to whom. */
export const loggedRow = (event: ObdEvent, catalog: CtrCatalog): SparseRow =>
  ctrRowFor(event, event.item, event.position, catalog);
