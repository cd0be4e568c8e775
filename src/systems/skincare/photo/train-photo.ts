import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  balancedAccuracyInterval,
  confusionMatrix,
  type BootstrapInterval,
} from '../../../ml/metrics/multiclass.ts';
import { createRng } from '../../../ml/random/rng.ts';
import type { RegionCrop } from '../contracts.ts';
import {
  groupedSplit,
  predictConcerns,
  trainConcernHead,
  type ConcernClass,
  type ConcernExample,
  type ConcernHead,
  type ConcernHeadParams,
} from './concern-head.ts';
import { photoFeatures } from './photo-features.ts';
import type { PhotoDataset } from './photo-dataset.ts';

/** What the trainer needs from the photo pipeline (analyse.ts's `regionsOf`, or a stand-in). */
export type RegionsOfPhoto = (
  bytes: Uint8Array,
) => Promise<{ accepted: true; regions: RegionCrop[] } | { accepted: false; failures: { check: string }[] }>;

export interface HeadEvaluation {
  photos: number;
  groups: number;
  /** Every test photo answered (the top class even when the head would abstain). */
  balancedAccuracy: BootstrapInterval;
  /** Share of test photos on which the head abstains. */
  abstentionRate: number;
  /** Balanced accuracy of the photos it answers (null when it answers none). */
  answeredBalancedAccuracy: BootstrapInterval | null;
  recallPerClass: Partial<Record<ConcernClass, number>>;
  /** Rows = truth, columns = prediction, in `head.classes` order. */
  confusion: number[][];
}

/**
 * Balanced accuracy of the head on labelled examples, with a bootstrap CI over groups (a case or
 * person), its abstention rate and the balanced accuracy of the photos it answers.
 */
export function evaluateConcernHead(
  head: ConcernHead,
  examples: readonly ConcernExample[],
  options: { seed: number; resamples?: number },
): HeadEvaluation {
  const known = examples.filter((e) => head.classes.includes(e.label));
  const truth = known.map((e) => head.classes.indexOf(e.label));
  const predictions = known.map((e) => predictConcerns(head, e.features));
  const predicted = predictions.map((p) => head.classes.indexOf(p.predicted));
  const groups = known.map((e) => e.group);
  const k = head.classes.length;
  const bootstrap = { seed: options.seed, resamples: options.resamples ?? 1000, groups };
  const answered = predictions.map((p, i) => (p.abstained ? -1 : i)).filter((i) => i >= 0);
  const confusion = confusionMatrix(truth, predicted, k);
  const recallPerClass: Partial<Record<ConcernClass, number>> = {};
  head.classes.forEach((c, row) => {
    const total = confusion[row].reduce((s, v) => s + v, 0);
    if (total) recallPerClass[c] = confusion[row][row] / total;
  });
  return {
    photos: known.length,
    groups: new Set(groups).size,
    balancedAccuracy: balancedAccuracyInterval(truth, predicted, k, bootstrap),
    abstentionRate: known.length ? 1 - answered.length / known.length : 0,
    answeredBalancedAccuracy: answered.length
      ? balancedAccuracyInterval(
          answered.map((i) => truth[i]),
          answered.map((i) => predicted[i]),
          k,
          { ...bootstrap, groups: answered.map((i) => groups[i]) },
        )
      : null,
    recallPerClass,
    confusion,
  };
}

export interface PhotoTrainingReport {
  layout: PhotoDataset['layout'];
  listed: number;
  /** Photos the quality gate refused, per failed check (a photo may fail several). */
  rejected: Record<string, number>;
  rejectedPhotos: number;
  used: number;
  skipped: Record<string, number>;
  unmapped: Record<string, number>;
  split: { rule: string; train: number; test: number; trainGroups: number; testGroups: number };
  classes: ConcernClass[];
  validation: ConcernHead['validation'];
  abstainBelow: number;
  test: HeadEvaluation;
  trainingDataHash: string;
}

/**
 * Features for every photo of the dataset (through the quality gate), a grouped held-out split
 * (the layout's own train/test folders when it has them), the head trained on the rest, and its
 * test evaluation.
 */
export async function trainPhotoHead(
  dataset: PhotoDataset,
  options: {
    regionsOf: RegionsOfPhoto;
    params: ConcernHeadParams;
    seed: number;
    testShare?: number;
    progress?: (stage: string, done: number, total: number) => void;
  },
): Promise<{ head: ConcernHead; report: PhotoTrainingReport }> {
  const rejected: Record<string, number> = {};
  let rejectedPhotos = 0;
  const examples: (ConcernExample & { split: 'train' | 'test' | null })[] = [];
  const dataHash = createHash('sha256');
  for (const [index, example] of dataset.examples.entries()) {
    options.progress?.('photos', index, dataset.examples.length);
    const bytes = readFileSync(example.path);
    const seen = await options.regionsOf(bytes);
    if (!seen.accepted) {
      rejectedPhotos++;
      for (const failure of seen.failures) rejected[failure.check] = (rejected[failure.check] ?? 0) + 1;
      continue;
    }
    dataHash.update(
      `${example.label}\t${example.group}\t${createHash('sha256').update(bytes).digest('hex')}\n`,
    );
    examples.push({
      features: photoFeatures(seen.regions).values,
      label: example.label,
      group: example.group,
      split: example.split,
    });
  }
  options.progress?.('photos', dataset.examples.length, dataset.examples.length);
  const layoutSplit = examples.some((e) => e.split === 'test') && examples.some((e) => e.split !== 'test');
  const { kept: train, heldOut: test } = layoutSplit
    ? {
        kept: examples.filter((e) => e.split !== 'test'),
        heldOut: examples.filter((e) => e.split === 'test'),
      }
    : groupedSplit(examples, options.testShare ?? 0.3, createRng(options.seed ^ 0x5eed));
  if (test.length === 0)
    throw new Error(`only ${examples.length} usable photos: too few to hold any out for testing`);
  options.progress?.('training', 0, 1);
  const head = trainConcernHead(train, options.params, options.seed);
  const evaluation = evaluateConcernHead(head, test, { seed: options.seed });
  return {
    head,
    report: {
      layout: dataset.layout,
      listed: dataset.examples.length,
      rejected,
      rejectedPhotos,
      used: examples.length,
      skipped: dataset.skipped,
      unmapped: dataset.unmapped,
      split: {
        rule: layoutSplit
          ? "the layout's own test folder"
          : `${options.testShare ?? 0.3} of the groups per class, seeded`,
        train: train.length,
        test: test.length,
        trainGroups: new Set(train.map((e) => e.group)).size,
        testGroups: new Set(test.map((e) => e.group)).size,
      },
      classes: head.classes,
      validation: head.validation,
      abstainBelow: head.abstainBelow,
      test: evaluation,
      trainingDataHash: dataHash.digest('hex'),
    },
  };
}
