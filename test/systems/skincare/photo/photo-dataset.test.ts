import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  parseWeightedLabel,
  readFolderDataset,
  readScinDataset,
} from '../../../../src/systems/skincare/photo/photo-dataset.ts';

const png = (r: number, g: number, b: number) =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (header: string[], rows: string[][]) =>
  [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';

/** A miniature SCIN download in the bucket's own layout (dataset/scin_*.csv, dataset/images/). */
async function scinFixture(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
  mkdirSync(join(root, 'dataset', 'images'), { recursive: true });
  const image = async (id: string) => {
    writeFileSync(join(root, 'dataset', 'images', `${id}.png`), await png(200, 150, 120));
    return `dataset/images/${id}.png`;
  };
  const cases = [
    ['c1', 'YES', await image('c1a'), await image('c1b'), '', 'FST2'],
    ['c2', 'YES', await image('c2a'), '', '', 'FST5'],
    ['c3', 'YES', await image('c3a'), '', '', ''],
    ['c4', '', await image('c4a'), '', '', 'FST3'], // arm only
    ['c5', 'YES', await image('c5a'), 'dataset/images/gone.png', '', ''],
    ['c6', 'YES', await image('c6a'), '', '', ''], // unmapped condition
    ['c7', 'YES', await image('c7a'), '', '', ''], // no dermatologist label
  ];
  writeFileSync(
    join(root, 'dataset', 'scin_cases.csv'),
    csv(
      [
        'case_id',
        'body_parts_head_or_neck',
        'image_1_path',
        'image_2_path',
        'image_3_path',
        'fitzpatrick_skin_type',
      ],
      cases,
    ),
  );
  writeFileSync(
    join(root, 'dataset', 'scin_labels.csv'),
    csv(
      [
        'case_id',
        'dermatologist_skin_condition_on_label_name',
        'weighted_skin_condition_label',
        'dermatologist_fitzpatrick_skin_type_label_1',
      ],
      [
        ['c1', "['Acne']", "{'Acne': 1.0}", 'FST3'],
        ['c2', "['Rosacea', 'Eczema']", "{'Rosacea': 0.4, 'Eczema': 0.3, 'Psoriasis': 0.3}", ''],
        ['c3', "['Melasma']", "{'Melasma': 0.6, 'Acne': 0.4}", ''],
        ['c4', "['Eczema']", "{'Eczema': 1.0}", ''],
        [
          'c5',
          "['Post-Inflammatory hyperpigmentation']",
          "{'Post-Inflammatory hyperpigmentation': 0.81, 'Acne': 0.19}",
          '',
        ],
        ['c6', "['Tinea']", "{'Tinea': 0.7, 'Eczema': 0.3}", ''],
        ['c7', '', '', ''],
      ],
    ),
  );
  return root;
}

describe('SCIN layout', () => {
  let root: string;
  beforeAll(async () => {
    root = await scinFixture();
  });

  it('maps weighted labels to classes, one example per existing image, grouped by case', () => {
    const data = readScinDataset(root);
    const summary = data.examples.map((e) => [
      e.group,
      e.label,
      e.fitzpatrick ?? null,
      e.path.endsWith('.png'),
    ]);
    expect(summary).toEqual([
      ['c1', 'acne', 'FST3', true],
      ['c1', 'acne', 'FST3', true],
      ['c2', 'redness', 'FST5', true], // rosacea + eczema = 0.7 redness
      ['c3', 'pigmentation', null, true],
      ['c5', 'pigmentation', null, true],
    ]);
    expect(data.skipped).toEqual({
      'not head or neck': 1,
      'image file missing': 1,
      'condition not mapped to a class': 1,
      'no dermatologist label': 1,
    });
    expect(data.unmapped).toEqual({ Tinea: 1 });
  });

  it('keeps other body parts when asked, and reads the CSVs from the folder itself too', () => {
    expect(readScinDataset(root, { headOrNeckOnly: false }).examples.some((e) => e.group === 'c4')).toBe(
      true,
    );
    expect(() => readScinDataset(join(root, 'dataset', 'images'))).toThrow(
      /no scin_cases.csv and scin_labels.csv/,
    );
  });

  it('parses weighted labels and names a broken one', () => {
    expect(parseWeightedLabel("{'Acute dermatitis, NOS': 0.5, \"O'Brien\": 0.5}")).toEqual({
      'Acute dermatitis, NOS': 0.5,
      "O'Brien": 0.5,
    });
    expect(parseWeightedLabel('{}')).toEqual({});
    expect(() => parseWeightedLabel("{'Acne' 1.0}")).toThrow(/at character 2/);
    expect(() => parseWeightedLabel('[1]')).toThrow(/not a weighted label dict/);
  });
});

describe('folder-per-class layout', () => {
  it('reads <class>/*.jpg, groups <person>__*.jpg across classes, skips non-images', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlsd-folder-'));
    for (const cls of ['clear', 'redness']) mkdirSync(join(root, cls));
    writeFileSync(join(root, 'clear', 'ann__1.jpg'), await png(200, 150, 120));
    writeFileSync(join(root, 'redness', 'ann__2.png'), await png(220, 130, 120));
    writeFileSync(join(root, 'redness', 'solo.webp'), await png(220, 130, 120));
    writeFileSync(join(root, 'redness', 'notes.txt'), 'x');
    const data = readFolderDataset(root);
    expect(data.examples.map((e) => [e.label, e.group, e.split])).toEqual([
      ['clear', 'ann', null],
      ['redness', 'ann', null],
      ['redness', 'redness/solo', null],
    ]);
    expect(data.skipped).toEqual({ 'not an image file name': 1 });
  });

  it('reads <split>/<class>/ with val counted as test, and refuses an unknown class folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlsd-split-'));
    for (const [split, cls] of [
      ['train', 'acne'],
      ['train', 'clear'],
      ['val', 'acne'],
    ]) {
      mkdirSync(join(root, split, cls), { recursive: true });
      writeFileSync(join(root, split, cls, 'a.jpg'), await png(1, 2, 3));
    }
    expect(readFolderDataset(root).examples.map((e) => [e.split, e.label])).toEqual([
      ['train', 'acne'],
      ['train', 'clear'],
      ['test', 'acne'],
    ]);
    mkdirSync(join(root, 'train', 'wrinkles'));
    expect(() => readFolderDataset(root)).toThrow(
      /"wrinkles" is not a class; class folders are acne, oiliness/,
    );
    expect(() => readFolderDataset(join(root, 'nope'))).toThrow(/not a folder/);
  });
});
