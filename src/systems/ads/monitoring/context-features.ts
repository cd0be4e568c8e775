// The decide requests' context as drift features: numbers stay numbers (quantile bins), strings
// (hashed user features, placement, device) become one of a few hash buckets with fixed edges, so
// PSI compares the share of each bucket. Pure: the monitor calls these on its window samples.
import { murmur3 } from '../../../ml/text/murmur3.ts';
import { buildReferenceProfile, type ReferenceProfile } from '../../../platform/monitoring/drift.ts';

/** One decide request's features as the monitor sees them (flat: `context.device`, `placement`). */
export type ContextItem = Record<string, string | number | boolean | null | undefined>;

/** Buckets a categorical value falls into; more would leave most bins empty at a window of a few hundred. */
export const CATEGORY_BUCKETS = 8;
const BUCKET_EDGES = Array.from({ length: CATEGORY_BUCKETS - 1 }, (_, i) => i + 1);
/** Features watched at most, the first seen in the reference (a request may carry anything). */
export const MAX_DRIFT_FEATURES = 16;

/** Bucket 0..CATEGORY_BUCKETS-1 of a categorical value; a missing value gets its own bucket 0. */
export const categoryBucket = (value: string): number => 1 + (murmur3(value, 0xad5) % (CATEGORY_BUCKETS - 1));

/**
 * Flattens a decide request into drift items: `placement` and every `context` key (one level,
 * nested objects as their JSON). `user_id` is left out: every user is new to a window.
 * @example
 * contextItem({ placement: 'home', context: { device: 'ios', age: 31 } }); // { "placement": "home", "context.device": "ios", "context.age": 31 }
 */
export function contextItem(request: { placement?: string; context?: Record<string, unknown> }): ContextItem {
  const item: ContextItem = {};
  if (request.placement !== undefined) item.placement = request.placement;
  for (const [key, value] of Object.entries(request.context ?? {}))
    item[`context.${key}`] =
      value === null || ['string', 'number', 'boolean'].includes(typeof value)
        ? (value as string | number | boolean | null)
        : JSON.stringify(value);
  return item;
}

/** Which features are categorical: any string or boolean value in the reference makes it so. */
export function featureKinds(items: readonly ContextItem[]): Record<string, 'numeric' | 'categorical'> {
  const kinds: Record<string, 'numeric' | 'categorical'> = {};
  for (const item of items)
    for (const [key, value] of Object.entries(item)) {
      if (!(key in kinds) && Object.keys(kinds).length >= MAX_DRIFT_FEATURES) continue;
      if (typeof value === 'string' || typeof value === 'boolean') kinds[key] = 'categorical';
      else kinds[key] ??= 'numeric';
    }
  return kinds;
}

/** The feature columns of a window's items; a categorical value becomes its bucket, a missing one 0. */
export function contextColumns(
  items: readonly ContextItem[],
  kinds: Record<string, 'numeric' | 'categorical'>,
): Record<string, number[]> {
  const columns: Record<string, number[]> = {};
  for (const [key, kind] of Object.entries(kinds)) {
    const column: number[] = [];
    for (const item of items) {
      const value = item[key];
      if (kind === 'categorical')
        column.push(value === undefined || value === null ? 0 : categoryBucket(String(value)));
      else if (typeof value === 'number' && Number.isFinite(value)) column.push(value);
    }
    columns[key] = column;
  }
  return columns;
}

/** A drift reference from a reference window of items: quantile bins for numbers, fixed buckets for categories. */
export function contextReference(items: readonly ContextItem[]): {
  kinds: Record<string, 'numeric' | 'categorical'>;
  profile: ReferenceProfile;
} {
  const kinds = featureKinds(items);
  const columns = contextColumns(items, kinds);
  for (const [key, values] of Object.entries(columns)) if (values.length === 0) delete columns[key];
  const fixed = Object.fromEntries(
    Object.entries(kinds)
      .filter(([, kind]) => kind === 'categorical')
      .map(([key]) => [key, BUCKET_EDGES]),
  );
  return { kinds, profile: buildReferenceProfile(columns, fixed) };
}
