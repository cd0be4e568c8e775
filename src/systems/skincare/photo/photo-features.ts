import { canonicalJson, sha256 } from '../../../platform/registry/registry.ts';
import { INDICATORS, REGIONS, type Indicator, type IndicatorName, type RegionCrop } from '../contracts.ts';
import {
  INDICATOR_CONFIG,
  indicatorsOfMeasures,
  regionIndicatorValues,
  spreadBetweenRegions,
} from './indicators.ts';
import { MEASURE_CONFIG, measureRegions, type RegionMeasure } from './region-measures.ts';

/** The raw region measures that enter the feature vector, in this order. */
const MEASURE_KEYS = [
  'medianL',
  'medianA',
  'medianB',
  'medianChroma',
  'clippedShare',
  'meanA',
  'rednessIndex',
  'redPatchShare',
  'highlightShare',
  'toneSpread',
  'blotchShare',
  'textureIndex',
] as const satisfies readonly (keyof RegionMeasure)[];

/**
 * The photo's feature names, stable across releases (a change bumps `PHOTO_FEATURES_VERSION`):
 * per region `<region>.present`, its raw measures and its indicator values; then the face's
 * indicator values and confidences, the spread between regions and cheeks-minus-forehead a*.
 */
export const PHOTO_FEATURE_NAMES: readonly string[] = [
  ...REGIONS.flatMap((region) => [
    `${region}.present`,
    ...MEASURE_KEYS.map((key) => `${region}.${key}`),
    ...INDICATORS.map((name) => `${region}.${name}`),
  ]),
  ...INDICATORS.flatMap((name) => [`face.${name}`, `face.${name}.confidence`]),
  'face.spread_between_regions',
  'face.cheeks_minus_forehead_a',
];

export const PHOTO_FEATURES_VERSION = 1;

/** Everything the feature values depend on; its hash travels with every trained head. */
export const PHOTO_FEATURE_CONFIG = {
  version: PHOTO_FEATURES_VERSION,
  names: PHOTO_FEATURE_NAMES,
  measures: MEASURE_CONFIG,
  indicators: INDICATOR_CONFIG,
};

/**
 * SHA-256 of the feature configuration (names, measure and indicator settings).
 * @example
 * photoFeatureConfigHash().length; // 64
 */
export function photoFeatureConfigHash(): string {
  return sha256(canonicalJson(PHOTO_FEATURE_CONFIG));
}

export interface PhotoFeatures {
  /** One value per {@link PHOTO_FEATURE_NAMES} entry. */
  values: Float64Array;
  indicators: Record<IndicatorName, Indicator>;
  /** Regions that had enough skin to be measured. */
  regions: number;
}

/**
 * The feature vector of already measured regions. A region that is missing (or had too little
 * skin) gets `present = 0` and the mean of the measured regions' values, so a linear head reads
 * it as "like the rest of the face"; with no region at all every value is 0.
 */
export function featuresOfMeasures(measures: readonly RegionMeasure[]): PhotoFeatures {
  const perRegion = new Map(
    measures.map((m) => {
      const indicators = regionIndicatorValues(m);
      const row = [
        ...MEASURE_KEYS.map((key) => m[key] as number),
        ...INDICATORS.map((name) => indicators[name]),
      ];
      return [m.name, row] as const;
    }),
  );
  const width = MEASURE_KEYS.length + INDICATORS.length;
  const mean = new Array<number>(width).fill(0);
  for (const row of perRegion.values()) row.forEach((v, i) => (mean[i] += v / perRegion.size));
  const values: number[] = [];
  for (const region of REGIONS) {
    const row = perRegion.get(region);
    values.push(row ? 1 : 0, ...(row ?? mean));
  }
  const indicators = indicatorsOfMeasures(measures);
  for (const name of INDICATORS) values.push(indicators[name].value, indicators[name].confidence);
  values.push(spreadBetweenRegions(measures), cheeksMinusForehead(measures));
  return { values: Float64Array.from(values), indicators, regions: measures.length };
}

/** Mean cheek median a* minus the forehead's (0 unless both are measured): a relative redness. */
function cheeksMinusForehead(measures: readonly RegionMeasure[]): number {
  const forehead = measures.find((m) => m.name === 'forehead');
  const cheeks = measures.filter((m) => m.name === 'left_cheek' || m.name === 'right_cheek');
  if (!forehead || cheeks.length === 0) return 0;
  return cheeks.reduce((s, m) => s + m.medianA, 0) / cheeks.length - forehead.medianA;
}

/**
 * The feature vector of a photo's skin regions (what the concern head reads) and its indicators.
 * @example
 * const skin = { name: 'chin', width: 30, height: 30, rgb: new Uint8Array(2700).fill(170), mask: new Uint8Array(900).fill(1) };
 * const features = photoFeatures([skin]);
 * features.values.length === PHOTO_FEATURE_NAMES.length; // true
 * features.values[PHOTO_FEATURE_NAMES.indexOf('chin.present')]; // 1
 * features.values[PHOTO_FEATURE_NAMES.indexOf('forehead.present')]; // 0
 */
export function photoFeatures(regions: readonly RegionCrop[]): PhotoFeatures {
  return featuresOfMeasures(measureRegions(regions));
}
