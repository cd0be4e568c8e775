import type { RemoteFile } from '../../../platform/data/download.ts';
import { parseGoEmotions, type Taxonomy } from './goemotions.ts';
import { EMOTIONS, GROUPS } from './taxonomy.ts';

const ORIGINAL = 'https://raw.githubusercontent.com/google-research/google-research/master/goemotions/data';
const GROUPED = 'https://raw.githubusercontent.com/monologg/GoEmotions-pytorch/master/data/group';

const tsv = (taxonomy: Taxonomy) => (bytes: Buffer, url: string) => {
  const { examples } = parseGoEmotions(bytes, url, taxonomy);
  if (examples.length === 0) throw new Error(`${url}: no rows`);
};

const labelList = (expected: readonly string[]) => (bytes: Buffer, url: string) => {
  const names = bytes.toString('utf8').split(/\r?\n/).filter(Boolean);
  if (names.join() !== expected.join())
    throw new Error(`${url}: labels are not the expected ${expected.length}`);
};

/** The public GoEmotions files, laid out as `original/` and `group/` like `../shared/data/goemotions`. */
export const GOEMOTIONS_FILES: RemoteFile[] = [
  { url: `${ORIGINAL}/emotions.txt`, path: 'original/labels.txt', validate: labelList(EMOTIONS) },
  ...['train', 'dev', 'test'].map((split) => ({
    url: `${ORIGINAL}/${split}.tsv`,
    path: `original/${split}.tsv`,
    validate: tsv('original'),
  })),
  { url: `${GROUPED}/labels.txt`, path: 'group/labels.txt', validate: labelList(GROUPS) },
  ...['train', 'dev', 'test'].map((split) => ({
    url: `${GROUPED}/${split}.tsv`,
    path: `group/${split}.tsv`,
    validate: tsv('group'),
  })),
];
