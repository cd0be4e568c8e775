import { ksTwoSample } from '../../ml/drift/ks.ts';
import { binCounts, populationStabilityIndex, quantileEdges } from '../../ml/drift/psi.ts';
import { wassersteinDistance } from '../../ml/drift/wasserstein.ts';
import { createRng, shuffleInPlace } from '../../ml/random/rng.ts';

export type DriftLevel = 'none' | 'warn' | 'alert';

/** PSI reading from the Q&A seed: < 0.1 fine, 0.1–0.25 warn, > 0.25 alert. */
export const PSI_THRESHOLDS = { warn: 0.1, alert: 0.25 } as const;

/** The training-time picture of one feature: PSI bins, their counts, and a sample for KS/Wasserstein. */
export interface FeatureReference {
  edges: number[];
  counts: number[];
  sample: number[];
}
export type ReferenceProfile = Record<string, FeatureReference>;

export interface FeatureDrift {
  psi: number;
  ks_statistic: number;
  ks_p_value: number;
  wasserstein: number;
  level: DriftLevel;
  n: number;
}
export interface DriftReport {
  features: Record<string, FeatureDrift>;
  level: DriftLevel;
}

/**
 * Builds a reference profile from per-feature values. Quantile bins by default; features listed
 * in `fixedEdges` (binary or small counts) get those edges, since deciles of a mostly-zero feature
 * collapse into one bin and would never show drift.
 */
export function buildReferenceProfile(
  features: Record<string, number[]>,
  fixedEdges: Record<string, number[]> = {},
  sampleSize = 2000,
  seed = 1,
): ReferenceProfile {
  const profile: ReferenceProfile = {};
  for (const [name, values] of Object.entries(features)) {
    const edges = fixedEdges[name] ?? quantileEdges(values, 10);
    const sample = [...values];
    shuffleInPlace(sample, createRng(seed));
    profile[name] = { edges, counts: binCounts(values, edges), sample: sample.slice(0, sampleSize) };
  }
  return profile;
}

export const levelOf = (psi: number): DriftLevel =>
  psi > PSI_THRESHOLDS.alert ? 'alert' : psi > PSI_THRESHOLDS.warn ? 'warn' : 'none';

const RANK: Record<DriftLevel, number> = { none: 0, warn: 1, alert: 2 };
export const maxLevel = (levels: DriftLevel[]): DriftLevel =>
  levels.reduce<DriftLevel>((worst, level) => (RANK[level] > RANK[worst] ? level : worst), 'none');

/** Compares a window of current values with the reference, feature by feature. */
export function compareToReference(
  profile: ReferenceProfile,
  current: Record<string, number[]>,
): DriftReport {
  const features: Record<string, FeatureDrift> = {};
  for (const [name, reference] of Object.entries(profile)) {
    const values = current[name] ?? [];
    if (values.length === 0) continue;
    const psi = populationStabilityIndex(reference.counts, binCounts(values, reference.edges));
    const ks = ksTwoSample(reference.sample, values);
    features[name] = {
      psi,
      ks_statistic: ks.statistic,
      ks_p_value: ks.pValue,
      wasserstein: wassersteinDistance(reference.sample, values),
      level: levelOf(psi),
      n: values.length,
    };
  }
  return { features, level: maxLevel(Object.values(features).map((f) => f.level)) };
}

/**
 * The persistence rule: a level is raised only after `windows` consecutive windows reach it, so a
 * single noisy window does not page anyone; it drops as soon as a window is back below it.
 */
export class DriftWatch {
  private streak: Record<DriftLevel, number> = { none: 0, warn: 0, alert: 0 };
  level: DriftLevel = 'none';

  constructor(readonly windows = 2) {}

  /** Feeds one window's raw level; returns the persisted level and whether it just changed. */
  observe(raw: DriftLevel): { level: DriftLevel; changed: boolean } {
    for (const level of ['warn', 'alert'] as const)
      this.streak[level] = RANK[raw] >= RANK[level] ? this.streak[level] + 1 : 0;
    const persisted: DriftLevel =
      this.streak.alert >= this.windows ? 'alert' : this.streak.warn >= this.windows ? 'warn' : 'none';
    const changed = persisted !== this.level;
    this.level = persisted;
    return { level: persisted, changed };
  }
}

/**
 * Items a feature needs before its drift level means anything. Without drift, n·PSI is roughly χ²
 * with bins − 1 degrees of freedom, so PSI shrinks like 1/n; below the number of bins most bins
 * are empty and each adds ≈ 0.69. Measured on samples of a uniform feature against its own
 * 10-bin reference (2,000 samples each): 30 items read ALERT 69 % of the time, 100 items 1 %,
 * 200 items never (WARN: 42 % at 100, 2 % at 200).
 */
export const MIN_DRIFT_SAMPLE = 100;

/** A level that may also say the sample was too small to have one. */
export type SampleLevel = DriftLevel | 'insufficient_data';

export interface SampleCheckedFeature extends Omit<FeatureDrift, 'level'> {
  level: SampleLevel;
  /** What PSI alone reads, whatever the sample size. */
  psi_level: DriftLevel;
}

export interface SampleCheckedReport {
  features: Record<string, SampleCheckedFeature>;
  /** The worst level among features with enough items; `insufficient_data` when none has. */
  level: SampleLevel;
  psi_level: DriftLevel;
  /** Items compared, per feature. */
  n: Record<string, number>;
  min_n: number;
  /** Why some or all levels are not reported, or null. */
  sample_size_warning: string | null;
}

/**
 * The sample-size rule for one-off comparisons: a feature with fewer than `minItems` items gets
 * the level `insufficient_data` (its PSI stays in the report) and a warning says which and why.
 * @example
 * const reference = buildReferenceProfile({ x: Array.from({ length: 1000 }, (_, i) => i) });
 * applySampleSizeRule(compareToReference(reference, { x: [1, 2, 3] })).level; // 'insufficient_data'
 */
export function applySampleSizeRule(report: DriftReport, minItems = MIN_DRIFT_SAMPLE): SampleCheckedReport {
  const features: Record<string, SampleCheckedFeature> = {};
  const small: string[] = [];
  for (const [name, f] of Object.entries(report.features)) {
    const enough = f.n >= minItems;
    if (!enough) small.push(`${name} (${f.n})`);
    features[name] = { ...f, level: enough ? f.level : 'insufficient_data', psi_level: f.level };
  }
  const names = Object.keys(features);
  const reliable = Object.values(features).filter((f) => f.level !== 'insufficient_data');
  const which =
    small.length === names.length ? 'every feature has' : `${small.length} of ${names.length} features have`;
  const warning =
    names.length === 0
      ? 'no items to compare: the current sample is empty.'
      : small.length === 0
        ? null
        : `${which} fewer than ${minItems} items: ${small.join(', ')}. PSI is unreliable on so few ` +
          '(a sample of 30 with no drift reads ALERT more often than not), so ' +
          `${reliable.length === 0 ? 'no level is' : 'their levels are not'} reported; compare at least ${minItems} items.`;
  return {
    features,
    level: reliable.length === 0 ? 'insufficient_data' : maxLevel(reliable.map((f) => f.psi_level)),
    psi_level: report.level,
    n: Object.fromEntries(Object.entries(report.features).map(([name, f]) => [name, f.n])),
    min_n: minItems,
    sample_size_warning: warning,
  };
}
