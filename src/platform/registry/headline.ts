import type { ModelRecord } from './registry.ts';

/** One metric a model is summarised by in listings. */
export interface HeadlineMetric {
  label: string;
  value: number;
}

/** How a system names its headline metrics in `details.headline`: dotted paths into `metrics`. */
export type HeadlineSpec = ReadonlyArray<string | { label: string; path: string }>;

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );

function numericLeaves(value: unknown, prefix: string, out: HeadlineMetric[], limit: number): void {
  if (out.length >= limit) return;
  if (typeof value === 'number' && Number.isFinite(value)) out.push({ label: prefix, value });
  else if (value && typeof value === 'object' && !Array.isArray(value))
    for (const [key, child] of Object.entries(value))
      numericLeaves(child, prefix ? `${prefix}.${key}` : key, out, limit);
}

/**
 * The metrics a listing shows for `record`: those its `details.headline` names (the system's
 * choice), else the first `limit` numeric metrics in the order they were recorded.
 */
export function headlineMetrics(record: ModelRecord, limit = 3): HeadlineMetric[] {
  const spec = record.details.headline;
  if (Array.isArray(spec)) {
    return (spec as HeadlineSpec).flatMap((entry) => {
      const { label, path } = typeof entry === 'string' ? { label: entry, path: entry } : entry;
      const value = at(record.metrics, path);
      return typeof value === 'number' ? [{ label, value }] : [];
    });
  }
  const out: HeadlineMetric[] = [];
  numericLeaves(record.metrics, '', out, limit);
  return out;
}
