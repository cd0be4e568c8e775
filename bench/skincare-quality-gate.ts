// The skincare photo quality gate on degraded photos (issue 10): every portrait cut from
// face-api's sample photos, clean and spoiled by blur, darkness, over-exposure, a crop through the
// face and distance, at several strengths, plus photos with no face and with two faces. Reports
// the share of correct verdicts with Wilson 95 % intervals per degradation, strength and split
// (sample1–3 calibrate the limits, sample4–6 are held out), and the limits the calibration picks.
// Writes bench/results/skincare/quality-gate.json.
import { wilsonInterval } from '../src/ml/stats/proportions.ts';
import { calibrateCut } from '../src/systems/skincare/photo/calibrate.ts';
import { decodePhoto } from '../src/systems/skincare/photo/decode.ts';
import { DEGRADATIONS, type Expectation } from '../src/systems/skincare/photo/degrade.ts';
import { detectFaces } from '../src/systems/skincare/photo/faces.ts';
import { CALIBRATED_LIMITS, QUALITY_LIMITS } from '../src/systems/skincare/photo/quality-limits.ts';
import { judgeQuality, measureQuality } from '../src/systems/skincare/photo/quality.ts';
import {
  faceFreeCrops,
  syntheticNoFace,
  twoFacePhotos,
} from '../src/systems/skincare/photo/sample-negatives.ts';
import { samplePortraits } from '../src/systems/skincare/photo/samples.ts';
import { machine, writeResult } from './common.ts';

const CALIBRATION_PHOTOS = /^sample[123]-/;
/** The check a degradation should trip (any refusal counts as correct; this is reported beside). */
const EXPECTED_CHECK: Record<string, string[]> = {
  blur: ['sharpness'],
  dark: ['exposure'],
  overexposed: ['exposure'],
  crop: ['face_size', 'one_face', 'resolution'],
  distance: ['face_size', 'resolution'],
  no_face: ['one_face'],
  two_faces: ['one_face'],
};

interface Case {
  photo: string;
  split: 'calibration' | 'held_out';
  degradation: string;
  strength: number;
  expect: Expectation;
  measures: Record<string, number>;
  checks: string[];
}

const cases: Case[] = [];
async function run(
  photo: string,
  degradation: string,
  strength: number,
  expect: Expectation,
  jpeg: Buffer,
): Promise<void> {
  const decoded = await decodePhoto(jpeg);
  let measures: Record<string, number> = {};
  let checks: string[];
  if (!decoded.ok) checks = [decoded.failure.check];
  else {
    const faces = await detectFaces(decoded.photo.rgb, decoded.photo.width, decoded.photo.height);
    measures = measureQuality(decoded.photo, faces);
    checks = judgeQuality(measures).map((failure) => failure.check);
  }
  const split = CALIBRATION_PHOTOS.test(photo) ? 'calibration' : 'held_out';
  cases.push({ photo, split, degradation, strength, expect, measures, checks });
}

const started = performance.now();
const portraits = await samplePortraits();
for (const portrait of portraits) {
  process.stderr.write(`quality gate: ${portrait.name}…\n`);
  await run(portrait.name, 'clean', 0, 'accept', portrait.jpeg);
  for (const degradation of DEGRADATIONS) {
    for (const level of degradation.levels) {
      const jpeg = await degradation.apply(portrait.jpeg, level.strength, portrait.faceWidth);
      await run(portrait.name, degradation.name, level.strength, level.expect, jpeg);
    }
  }
}
for (const photo of [...(await faceFreeCrops()), ...(await syntheticNoFace())])
  await run(photo.name, 'no_face', 0, 'reject', photo.jpeg);
for (const photo of await twoFacePhotos(portraits))
  await run(photo.name, 'two_faces', 0, 'reject', photo.jpeg);

const correct = (c: Case): boolean => (c.expect === 'accept' ? c.checks.length === 0 : c.checks.length > 0);
const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
function summary(group: Case[]) {
  const scored = group.filter((c) => c.expect !== 'either');
  const right = scored.filter(correct).length;
  const interval = wilsonInterval(right, scored.length);
  const rejected = scored.filter((c) => c.expect === 'reject');
  const rightCheck = rejected.filter((c) =>
    c.checks.some((check) => EXPECTED_CHECK[c.degradation]?.includes(check)),
  ).length;
  return {
    n: scored.length,
    correct: right,
    accuracy: scored.length ? round(right / scored.length) : null,
    ci95: scored.length ? [round(interval.low), round(interval.high)] : null,
    rejected_for_the_expected_reason: rejected.length ? round(rightCheck / rejected.length) : null,
    borderline_refused: group.filter((c) => c.expect === 'either' && c.checks.length > 0).length,
    borderline: group.filter((c) => c.expect === 'either').length,
  };
}

const groups = ['clean', ...DEGRADATIONS.map((d) => d.name), 'no_face', 'two_faces'];
const byDegradation = Object.fromEntries(
  groups.map((name) => {
    const group = cases.filter((c) => c.degradation === name);
    const strengths = [...new Set(group.map((c) => c.strength))];
    return [
      name,
      {
        all: summary(group),
        calibration: summary(group.filter((c) => c.split === 'calibration')),
        held_out: summary(group.filter((c) => c.split === 'held_out')),
        by_strength: strengths.map((strength) => {
          const level = group.filter((c) => c.strength === strength);
          return {
            strength,
            expect: level[0].expect,
            ...summary(level),
            checks: level.map((c) => c.checks.join('+') || 'accepted'),
          };
        }),
      },
    ];
  }),
);

// Calibration: each limit's best cut on the calibration split (one face found, scored cases).
const oneFace = cases.filter((c) => c.split === 'calibration' && c.measures.faces === 1);
const calibration = CALIBRATED_LIMITS.map((spec) => {
  const bad = oneFace
    .filter((c) => c.degradation === spec.degradation && c.expect === 'reject')
    .map((c) => c.measures[spec.measure]);
  const good = oneFace.filter((c) => c.expect === 'accept').map((c) => c.measures[spec.measure]);
  const cut = calibrateCut(bad, good, spec.side);
  return {
    limit: spec.limit,
    measure: spec.measure,
    side: spec.side,
    degradation: spec.degradation,
    n_bad: bad.length,
    n_good: good.length,
    suggested: round(cut.threshold, spec.digits),
    balanced_accuracy: round(cut.balancedAccuracy),
    margin: round(cut.margin, 5),
    in_code: QUALITY_LIMITS[spec.limit],
  };
});

const result = {
  benchmark: 'skincare photo quality gate on degraded sample portraits',
  machine: machine(),
  seconds: round((performance.now() - started) / 1000, 1),
  photos: {
    portraits: portraits.length,
    calibration_portraits: portraits.filter((p) => CALIBRATION_PHOTOS.test(p.name)).length,
    cases: cases.length,
    source: '@vladmandic/face-api demo/sample1..6.jpg (read from node_modules); portraits cut per face',
  },
  limits: QUALITY_LIMITS,
  scoring:
    "accuracy = share of correct verdicts among strengths marked 'accept' or 'reject'; 'either' strengths are counted apart",
  degradations: Object.fromEntries(DEGRADATIONS.map((d) => [d.name, { unit: d.unit, levels: d.levels }])),
  overall: {
    all: summary(cases),
    calibration: summary(cases.filter((c) => c.split === 'calibration')),
    held_out: summary(cases.filter((c) => c.split === 'held_out')),
  },
  by_degradation: byDegradation,
  calibration,
  cases: cases.map((c) => ({
    ...c,
    measures: Object.fromEntries(Object.entries(c.measures).map(([k, v]) => [k, round(v, 5)])),
  })),
};
for (const name of groups) {
  const s = byDegradation[name].all;
  process.stderr.write(
    `${name.padEnd(12)} ${s.correct}/${s.n} correct, 95 % CI ${JSON.stringify(s.ci95)}, borderline refused ${s.borderline_refused}/${s.borderline}\n`,
  );
}
for (const c of calibration)
  process.stderr.write(
    `${c.limit}: suggested ${c.suggested} (BA ${c.balanced_accuracy}), in code ${c.in_code}\n`,
  );
process.stderr.write(`wrote ${writeResult('quality-gate', result, 'skincare')}\n`);
