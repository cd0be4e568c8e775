// The skincare photo indicators under controlled transformations on real faces (issue 10,
// "validated by controlled transformations"): every portrait cut from face-api's sample photos is
// decoded once, its skin regions found, and each transformation (photo/transformations.ts) is
// applied to the skin at several strengths; each edited photo is re-encoded (PNG, lossless, so the
// edit is what is measured) and goes through the whole pipeline again (decode → faces → quality →
// regions → indicators). Per indicator: monotone share, Spearman strength ↔ value, the mean response
// curve with a bootstrap CI over portraits, cross-effects of the other edits and of an exposure
// nuisance, gate rejections per strength, and how much of the response survives JPEG q92.
// Writes bench/results/skincare/indicators.json.  Run: npx tsx bench/skincare-indicators.ts
import { loadavg } from 'node:os';
import sharp from 'sharp';
import { createRng } from '../src/ml/random/rng.ts';
import { INDICATORS, type IndicatorName } from '../src/systems/skincare/contracts.ts';
import { analysePhoto, regionsOf } from '../src/systems/skincare/photo/analyse.ts';
import { samplePortraits } from '../src/systems/skincare/photo/samples.ts';
import {
  skinImageOf,
  TRANSFORMATION_CONFIG,
  TRANSFORMATION_NAMES,
  TRANSFORMATIONS,
  transformSkin,
  type TransformationName,
} from '../src/systems/skincare/photo/transformations.ts';
import { machine, writeResult } from './common.ts';

/** The transformation each indicator should answer to. */
const OWN: Record<IndicatorName, TransformationName> = {
  shine: 'highlights',
  redness: 'redness',
  uneven_tone: 'blotches',
  texture: 'texture',
};
const RESAMPLES = 2000;
const MONOTONE_TOLERANCE = 0.01;
const JPEG_QUALITY = 92;

interface Run {
  portrait: string;
  transformation: TransformationName | 'reference';
  strength: number;
  encoding: 'png' | 'jpeg';
  checks: string[];
  values: Record<IndicatorName, number> | null;
  confidence: Record<IndicatorName, number> | null;
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Average ranks (ties share their mean rank), as scipy.stats.rankdata. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's ρ; a constant response has no rank order and counts as 0 (no association). */
function spearman(xs: readonly number[], ys: readonly number[]): number {
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Mean with a percentile bootstrap 95 % CI over the items (portraits), seeded. */
function meanWithCi(xs: readonly number[], seed: number): { value: number; ci: [number, number] } {
  if (xs.length === 0) return { value: Number.NaN, ci: [Number.NaN, Number.NaN] };
  const rng = createRng(seed);
  const means = Float64Array.from({ length: RESAMPLES }, () => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[rng.int(0, xs.length - 1)];
    return s / xs.length;
  }).sort();
  const at = (q: number) => means[Math.min(RESAMPLES - 1, Math.floor(q * RESAMPLES))];
  return { value: round(mean(xs)), ci: [round(at(0.025)), round(at(0.975))] };
}

const started = performance.now();
const runs: Run[] = [];
const portraits = await samplePortraits();
const baseRejected: { portrait: string; checks: string[] }[] = [];

async function measure(bytes: Buffer, run: Omit<Run, 'checks' | 'values' | 'confidence'>): Promise<void> {
  const analysis = await analysePhoto(bytes);
  if (!analysis.accepted) {
    runs.push({ ...run, checks: analysis.failures.map((f) => f.check), values: null, confidence: null });
    return;
  }
  const pick = (key: 'value' | 'confidence') =>
    Object.fromEntries(INDICATORS.map((n) => [n, round(analysis.indicators[n][key], 5)])) as Record<
      IndicatorName,
      number
    >;
  runs.push({ ...run, checks: [], values: pick('value'), confidence: pick('confidence') });
}

for (const [k, portrait] of portraits.entries()) {
  process.stderr.write(`indicators: ${portrait.name}…\n`);
  const seen = await regionsOf(portrait.jpeg);
  if (!seen.accepted) {
    baseRejected.push({ portrait: portrait.name, checks: seen.failures.map((f) => f.check) });
    continue;
  }
  const skin = skinImageOf(seen.photo, seen.face.mesh, seen.regions);
  const raw = (rgb: Uint8Array) =>
    sharp(Buffer.from(rgb), { raw: { width: skin.width, height: skin.height, channels: 3 } });
  const png = (rgb: Uint8Array) => raw(rgb).png().toBuffer();
  const jpeg = (rgb: Uint8Array) => raw(rgb).jpeg({ quality: JPEG_QUALITY }).toBuffer();
  await measure(await png(skin.rgb), {
    portrait: portrait.name,
    transformation: 'reference',
    strength: 0,
    encoding: 'png',
  });
  await measure(await jpeg(skin.rgb), {
    portrait: portrait.name,
    transformation: 'reference',
    strength: 0,
    encoding: 'jpeg',
  });
  for (const [t, name] of TRANSFORMATION_NAMES.entries()) {
    const { strengths, reference } = TRANSFORMATIONS[name];
    for (const strength of strengths) {
      if (strength === reference) continue;
      const edited = transformSkin(skin, name, strength, 1000 * (k + 1) + t);
      await measure(await png(edited), {
        portrait: portrait.name,
        transformation: name,
        strength,
        encoding: 'png',
      });
      if (name !== 'exposure' && strength === strengths.at(-1))
        await measure(await jpeg(edited), {
          portrait: portrait.name,
          transformation: name,
          strength,
          encoding: 'jpeg',
        });
    }
  }
}

const portraitNames = [...new Set(runs.map((r) => r.portrait))];
const find = (
  portrait: string,
  name: TransformationName,
  strength: number,
  encoding: 'png' | 'jpeg' = 'png',
) =>
  strength === TRANSFORMATIONS[name].reference
    ? runs.find((r) => r.portrait === portrait && r.transformation === 'reference' && r.encoding === encoding)
    : runs.find(
        (r) =>
          r.portrait === portrait &&
          r.transformation === name &&
          r.strength === strength &&
          r.encoding === encoding,
      );

/** Per portrait accepted at every strength of `name`: the value curve of `indicator`. */
function curves(name: TransformationName, indicator: IndicatorName, key: 'values' | 'confidence' = 'values') {
  const out: { portrait: string; curve: number[] }[] = [];
  for (const portrait of portraitNames) {
    const seen = TRANSFORMATIONS[name].strengths.map((s) => find(portrait, name, s));
    if (seen.every((r) => r?.[key])) out.push({ portrait, curve: seen.map((r) => r![key]![indicator]) });
  }
  return out;
}

let seed = 1;
function response(name: TransformationName, indicator: IndicatorName) {
  const { strengths, reference } = TRANSFORMATIONS[name];
  const ref = strengths.indexOf(reference);
  const complete = curves(name, indicator);
  const nondecreasing = (c: number[], tol: number) => c.every((v, i) => i === 0 || v >= c[i - 1] - tol);
  const rising = (c: number[]) => c.at(-1)! > c[0];
  const share = (test: (c: number[]) => boolean) =>
    complete.length ? round(complete.filter((p) => test(p.curve)).length / complete.length) : null;
  const confidences = curves(name, indicator, 'confidence');
  const deltas = strengths.map((_, i) => complete.map((p) => p.curve[i] - p.curve[ref]));
  return {
    portraits: complete.length,
    monotone_share: share((c) => nondecreasing(c, 0) && rising(c)),
    monotone_share_within_tolerance: share((c) => nondecreasing(c, MONOTONE_TOLERANCE) && rising(c)),
    rising_share: share(rising),
    spearman_mean: complete.length ? round(mean(complete.map((p) => spearman(strengths, p.curve)))) : null,
    curve: strengths.map((strength, i) => ({
      strength,
      value: meanWithCi(
        complete.map((p) => p.curve[i]),
        seed++,
      ),
      delta: meanWithCi(deltas[i], seed++),
      confidence_mean: confidences.length ? round(mean(confidences.map((p) => p.curve[i]))) : null,
    })),
    max_abs_change_mean: round(Math.max(...deltas.map((d) => (d.length ? Math.abs(mean(d)) : 0)))),
    per_portrait: Object.fromEntries(complete.map((p) => [p.portrait, p.curve])),
  };
}

const byTransformation = Object.fromEntries(
  TRANSFORMATION_NAMES.map((name) => {
    const { strengths } = TRANSFORMATIONS[name];
    const rejections = strengths.map((strength) => {
      const refused = portraitNames
        .map((portrait) => ({ portrait, run: find(portrait, name, strength) }))
        .filter(({ run }) => run && run.checks.length > 0);
      return {
        strength,
        rejected: refused.length,
        of: portraitNames.length,
        checks: refused.map(({ portrait, run }) => `${portrait}: ${run!.checks.join('+')}`),
      };
    });
    const indicators = Object.fromEntries(
      INDICATORS.map((indicator) => [indicator, response(name, indicator)]),
    );
    return [
      name,
      {
        unit: TRANSFORMATIONS[name].unit,
        strengths,
        reference: TRANSFORMATIONS[name].reference,
        rejections,
        indicators,
      },
    ];
  }),
);

const summary = Object.fromEntries(
  INDICATORS.map((indicator) => {
    const own = byTransformation[OWN[indicator]].indicators[indicator];
    return [
      indicator,
      {
        transformation: OWN[indicator],
        portraits: own.portraits,
        monotone_share: own.monotone_share,
        spearman_mean: own.spearman_mean,
        delta_mean: own.curve.at(-1)!.delta,
      },
    ];
  }),
);
const crossEffects = Object.fromEntries(
  INDICATORS.map((indicator) => [
    indicator,
    Object.fromEntries(
      TRANSFORMATION_NAMES.filter((name) => name !== OWN[indicator]).map((name) => [
        name,
        byTransformation[name].indicators[indicator].max_abs_change_mean,
      ]),
    ),
  ]),
);
/** Own response at the largest strength ÷ the largest cross-effect: > 1 means the indicator is specific. */
const specificity = Object.fromEntries(
  INDICATORS.map((indicator) => {
    const own = Math.abs(summary[indicator].delta_mean.value);
    const worst = Object.entries(crossEffects[indicator]).sort((a, b) => b[1] - a[1])[0];
    return [
      indicator,
      {
        own_delta: own,
        largest_cross_effect: { transformation: worst[0], change: worst[1] },
        ratio: worst[1] > 0 ? round(own / worst[1], 2) : null,
      },
    ];
  }),
);
/** Share of the PNG response (max strength − reference) that survives JPEG q92 encoding, per portrait. */
const jpegRetention = Object.fromEntries(
  INDICATORS.map((indicator) => {
    const name = OWN[indicator];
    const top = TRANSFORMATIONS[name].strengths.at(-1)!;
    const pairs = portraitNames.flatMap((portrait) => {
      const [p0, p1, j0, j1] = [
        find(portrait, name, 0),
        find(portrait, name, top),
        find(portrait, name, 0, 'jpeg'),
        find(portrait, name, top, 'jpeg'),
      ];
      return p0?.values && p1?.values && j0?.values && j1?.values
        ? [
            {
              png: p1.values[indicator] - p0.values[indicator],
              jpeg: j1.values[indicator] - j0.values[indicator],
            },
          ]
        : [];
    });
    const png = pairs.map((p) => p.png);
    const jpg = pairs.map((p) => p.jpeg);
    return [
      indicator,
      {
        transformation: name,
        strength: top,
        portraits: pairs.length,
        png_delta_mean: round(mean(png)),
        jpeg_delta_mean: meanWithCi(jpg, seed++),
        retained: round(mean(jpg) / mean(png), 3),
      },
    ];
  }),
);

const result = {
  benchmark: 'skincare photo indicators under controlled skin-only transformations on the sample portraits',
  command: 'npx tsx bench/skincare-indicators.ts',
  machine: machine(),
  seconds: round((performance.now() - started) / 1000, 1),
  // The machine is shared: CPU seconds and the load say how much of the wall time was waiting.
  cpu_seconds: round((process.cpuUsage().user + process.cpuUsage().system) / 1e6, 1),
  load_average_1min_at_end: round(loadavg()[0], 2),
  photos: {
    portraits: portraits.length,
    measured: portraitNames.length,
    rejected_before_editing: baseRejected,
    source:
      '@vladmandic/face-api demo/sample1..6.jpg (read from node_modules); portraits cut per face (photo/samples.ts)',
    encoding: `edited at the working size, re-encoded as PNG (lossless); the reference and each top strength also as JPEG q${JPEG_QUALITY}`,
    pipeline:
      'analysePhoto: decode → faces + mesh (re-detected on every edited photo) → quality gate → regions → indicators',
  },
  method: {
    own_transformation: OWN,
    transformation_config: TRANSFORMATION_CONFIG,
    monotone: `non-decreasing over the strengths and last > first; "within_tolerance" allows dips of ${MONOTONE_TOLERANCE}`,
    spearman:
      'per portrait, strengths vs values (average ranks; a constant response counts as 0), then the mean',
    ci: `percentile bootstrap over portraits, ${RESAMPLES} resamples, seeded`,
    delta:
      'value at a strength − value at the reference strength, same portrait; portraits refused at any strength of a transformation are left out of its curves (counted under rejections)',
    cross_effects:
      'max over strengths of |mean delta| of an indicator under a transformation that is not its own',
  },
  summary,
  cross_effects: crossEffects,
  specificity,
  jpeg_retention: jpegRetention,
  by_transformation: byTransformation,
  runs,
};

const fmt = (v: number | null) => (v === null ? '  –  ' : v.toFixed(3));
process.stderr.write(
  `\nindicator    edit        n  monotone (±${MONOTONE_TOLERANCE})  spearman  Δ at max [95 % CI]        largest cross-effect   exposure  JPEG kept\n`,
);
for (const indicator of INDICATORS) {
  const s = summary[indicator];
  const own = byTransformation[s.transformation].indicators[indicator];
  const sp = specificity[indicator];
  process.stderr.write(
    `${indicator.padEnd(12)} ${s.transformation.padEnd(10)} ${String(s.portraits).padStart(2)}  ${fmt(s.monotone_share)} (${fmt(own.monotone_share_within_tolerance)})  ${fmt(s.spearman_mean)}   ${fmt(s.delta_mean.value)} [${fmt(s.delta_mean.ci[0])}, ${fmt(s.delta_mean.ci[1])}]   ${sp.largest_cross_effect.transformation.padEnd(10)} ${fmt(sp.largest_cross_effect.change)}   ${fmt(crossEffects[indicator].exposure)}     ${fmt(jpegRetention[indicator].retained)}\n`,
  );
}
for (const name of TRANSFORMATION_NAMES)
  process.stderr.write(
    `rejections ${name.padEnd(10)} ${byTransformation[name].rejections.map((r) => `${r.strength}:${r.rejected}/${r.of}`).join('  ')}\n`,
  );
process.stderr.write(
  `${result.seconds} s (${result.cpu_seconds} CPU s, load ${result.load_average_1min_at_end}); wrote ${writeResult('indicators', result, 'skincare')}\n`,
);
