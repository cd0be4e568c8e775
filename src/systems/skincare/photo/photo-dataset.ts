import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseCsv, rowsAsObjects } from '../data/csv.ts';
import { CONCERN_CLASSES, type ConcernClass } from './concern-head.ts';

/** One labelled photo on disk. */
export interface PhotoExample {
  path: string;
  label: ConcernClass;
  /** SCIN's case_id, or the person prefix of a folder layout's file name. */
  group: string;
  /** The layout's own split when it has one ('train' / 'test'), else null. */
  split: 'train' | 'test' | null;
  /** SCIN: the dermatologists' (else the user's) Fitzpatrick type, for subgroup reports. */
  fitzpatrick?: string;
}

export interface PhotoDataset {
  layout: 'scin' | 'folder';
  examples: PhotoExample[];
  /** Why rows or files were left out, with counts. */
  skipped: Record<string, number>;
  /** SCIN conditions that map to none of our classes, with the number of cases they led. */
  unmapped: Record<string, number>;
}

/**
 * SCIN condition names (its `weighted_skin_condition_label` keys, compared lower-case) per class.
 * Chosen by what a routine can address; conditions a cosmetic routine must not be aimed at
 * (infections, growths, urticaria, psoriasis…) are not mapped and are counted instead. 'clear'
 * has no SCIN source: SCIN labels conditions, not healthy skin.
 */
export const SCIN_CONDITION_CLASSES: Record<string, ConcernClass> = {
  acne: 'acne',
  'acne vulgaris': 'acne',
  'comedonal acne': 'acne',
  rosacea: 'redness',
  eczema: 'redness',
  'allergic contact dermatitis': 'redness',
  'irritant contact dermatitis': 'redness',
  'acute dermatitis, nos': 'redness',
  'acute and chronic dermatitis': 'redness',
  'seborrheic dermatitis': 'redness',
  'perioral dermatitis': 'redness',
  photodermatitis: 'redness',
  'post-inflammatory hyperpigmentation': 'pigmentation',
  hyperpigmentation: 'pigmentation',
  melasma: 'pigmentation',
  lentigo: 'pigmentation',
  'solar lentigo': 'pigmentation',
  ephelides: 'pigmentation',
};

/** A case's class: the class with the largest summed weight, if that sum reaches this. */
export const SCIN_MIN_CLASS_WEIGHT = 0.5;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

const count = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

/**
 * SCIN's `{'Eczema': 0.69, 'Psoriasis': 0.08}` (a Python dict literal of str → float).
 * @example
 * parseWeightedLabel("{'Eczema': 0.69, \"Post-Inflammatory hyperpigmentation\": 0.31}"); // { "Eczema": 0.69, "Post-Inflammatory hyperpigmentation": 0.31 }
 */
export function parseWeightedLabel(text: string): Record<string, number> {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}'))
    throw new Error(`not a weighted label dict: ${JSON.stringify(text.slice(0, 60))}`);
  const out: Record<string, number> = {};
  const entry = /\s*(['"])((?:\\.|(?!\1).)*)\1\s*:\s*([-+0-9.eE]+)\s*(,|$)/y;
  const inner = body.slice(1, -1).trim();
  entry.lastIndex = 0;
  while (entry.lastIndex < inner.length) {
    const at = entry.lastIndex;
    const m = entry.exec(inner);
    if (!m)
      throw new Error(
        `not a weighted label dict at character ${at + 2} of ${JSON.stringify(text.slice(0, 60))}`,
      );
    const weight = Number(m[3]);
    if (!Number.isFinite(weight)) throw new Error(`weight "${m[3]}" of "${m[2]}" is not a number`);
    out[m[2].replace(/\\(.)/g, '$1')] = weight;
  }
  return out;
}

/** The SCIN folder's CSVs: `DIR/scin_cases.csv` or `DIR/dataset/scin_cases.csv` (the bucket's layout). */
function scinFiles(dir: string): { cases: string; labels: string } {
  for (const base of [dir, join(dir, 'dataset')]) {
    const cases = join(base, 'scin_cases.csv');
    const labels = join(base, 'scin_labels.csv');
    if (existsSync(cases) && existsSync(labels)) return { cases, labels };
  }
  throw new Error(`${dir}: no scin_cases.csv and scin_labels.csv (in it or in its dataset/ folder)`);
}

/** An image path of the CSV (`dataset/images/…` from the bucket's root) on this disk, or null. */
function resolveImage(dir: string, path: string): string | null {
  const candidates = [
    join(dir, path),
    join(dir, 'dataset', path),
    join(dir, 'images', basename(path)),
    join(dir, 'dataset', 'images', basename(path)),
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/**
 * Reads SCIN's layout (dataset_schema.md): cases joined to labels by `case_id`, each case's class
 * from its weighted label through {@link SCIN_CONDITION_CLASSES}, one example per existing image
 * (`image_1_path` … `image_3_path`), grouped by case. With `headOrNeckOnly` (the default — the
 * photo pipeline needs a face) cases whose `body_parts_head_or_neck` is not YES are skipped.
 */
export function readScinDataset(dir: string, options: { headOrNeckOnly?: boolean } = {}): PhotoDataset {
  const headOrNeckOnly = options.headOrNeckOnly ?? true;
  const files = scinFiles(dir);
  const cases = rowsAsObjects(parseCsv(readFileSync(files.cases, 'utf8'), files.cases));
  const labelRows = rowsAsObjects(parseCsv(readFileSync(files.labels, 'utf8'), files.labels));
  for (const [file, rows, column] of [
    [files.cases, cases, 'image_1_path'],
    [files.labels, labelRows, 'weighted_skin_condition_label'],
  ] as const)
    if (rows.length > 0 && !(column in rows[0])) throw new Error(`${file}: no column "${column}"`);
  const labels = new Map(labelRows.map((row) => [row.case_id, row]));
  const skipped: Record<string, number> = {};
  const unmapped: Record<string, number> = {};
  const examples: PhotoExample[] = [];
  for (const row of cases) {
    const label = labels.get(row.case_id);
    const weightedText = label?.weighted_skin_condition_label?.trim() ?? '';
    if (!weightedText || weightedText === '{}') {
      count(skipped, 'no dermatologist label');
      continue;
    }
    if (headOrNeckOnly && row.body_parts_head_or_neck?.toUpperCase() !== 'YES') {
      count(skipped, 'not head or neck');
      continue;
    }
    let weights: Record<string, number>;
    try {
      weights = parseWeightedLabel(weightedText);
    } catch (error) {
      throw new Error(`${files.labels}: case ${row.case_id}: ${(error as Error).message}`);
    }
    const mass = new Map<ConcernClass, number>();
    for (const [condition, weight] of Object.entries(weights)) {
      const cls = SCIN_CONDITION_CLASSES[condition.trim().toLowerCase()];
      if (cls) mass.set(cls, (mass.get(cls) ?? 0) + weight);
    }
    const [best] = [...mass.entries()].sort((a, b) => b[1] - a[1]);
    if (!best || best[1] < SCIN_MIN_CLASS_WEIGHT) {
      const top = Object.entries(weights).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '(none)';
      count(unmapped, top);
      count(skipped, 'condition not mapped to a class');
      continue;
    }
    const fitzpatrick =
      label?.dermatologist_fitzpatrick_skin_type_label_1 || row.fitzpatrick_skin_type || undefined;
    for (const k of [1, 2, 3]) {
      const path = row[`image_${k}_path`]?.trim();
      if (!path) continue;
      const resolved = resolveImage(dir, path);
      if (!resolved) {
        count(skipped, 'image file missing');
        continue;
      }
      examples.push({
        path: resolved,
        label: best[0],
        group: row.case_id,
        split: null,
        ...(fitzpatrick ? { fitzpatrick } : {}),
      });
    }
  }
  return { layout: 'scin', examples, skipped, unmapped };
}

const SPLIT_FOLDERS: Record<string, 'train' | 'test'> = {
  train: 'train',
  test: 'test',
  val: 'test',
  validation: 'test',
};
const isDir = (path: string) => statSync(path).isDirectory();

/**
 * Reads a folder-per-class layout: `DIR/<class>/*.jpg` or `DIR/<split>/<class>/*.jpg` (split
 * train, test, val or validation — val counts as test). Class folders must be one of
 * {@link CONCERN_CLASSES}. A file named `<person>__<anything>.jpg` belongs to group `<person>`
 * whatever its class (one person's photos stay on one side of a split), any other file is its own
 * group.
 */
export function readFolderDataset(dir: string): PhotoDataset {
  if (!existsSync(dir) || !isDir(dir)) throw new Error(`${dir}: not a folder`);
  const top = readdirSync(dir)
    .filter((name) => isDir(join(dir, name)))
    .sort();
  const splitLayout = top.length > 0 && top.every((name) => name.toLowerCase() in SPLIT_FOLDERS);
  const classDirs = splitLayout
    ? top.flatMap((split) =>
        readdirSync(join(dir, split))
          .filter((name) => isDir(join(dir, split, name)))
          .sort()
          .map((name) => ({ path: join(dir, split, name), name, split: SPLIT_FOLDERS[split.toLowerCase()] })),
      )
    : top.map((name) => ({ path: join(dir, name), name, split: null }));
  if (classDirs.length === 0) throw new Error(`${dir}: no class folders (expected ${dir}/<class>/*.jpg)`);
  const skipped: Record<string, number> = {};
  const examples: PhotoExample[] = [];
  for (const { path, name, split } of classDirs) {
    if (!(CONCERN_CLASSES as readonly string[]).includes(name))
      throw new Error(`${path}: "${name}" is not a class; class folders are ${CONCERN_CLASSES.join(', ')}`);
    for (const file of readdirSync(path).sort()) {
      if (!IMAGE_EXTENSIONS.has(extname(file).toLowerCase())) {
        count(skipped, 'not an image file name');
        continue;
      }
      const stem = basename(file, extname(file));
      const group = stem.includes('__') ? stem.split('__')[0] : `${name}/${stem}`;
      examples.push({ path: join(path, file), label: name as ConcernClass, group, split });
    }
  }
  return { layout: 'folder', examples, skipped, unmapped: {} };
}
