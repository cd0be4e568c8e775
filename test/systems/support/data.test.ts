import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DataContractError,
  loadSplit,
  parseGoEmotions,
  defaultGoEmotionsDir,
} from '../../../src/systems/support/data/goemotions.ts';
import { emotionsToGroups, EMOTIONS, EMOTION_GROUP } from '../../../src/systems/support/data/taxonomy.ts';

const parse = (text: string | Buffer, lenient = false) =>
  parseGoEmotions(typeof text === 'string' ? Buffer.from(text) : text, 'x.tsv', 'original', { lenient });

describe('GoEmotions data contract', () => {
  it('parses rows and maps emotions to groups', () => {
    const { examples } = parse('so sad\t25\ta1\nyay, thanks\t15,17\ta2\nhm?\t6,27\ta3\n');
    expect(examples.map((e) => e.groups)).toEqual([[1], [3], [0, 2]]);
    expect(examples[1].emotions).toEqual([15, 17]);
  });

  it.each([
    ['a\tb\n', 'x.tsv:1: expected 3 tab-separated columns (text, label_ids, id), found 2'],
    ['ok\t25\ta\n   \t3\tb\n', 'x.tsv:2: empty or whitespace-only text'],
    ['ok\t28\ta\n', 'x.tsv:1: label id 28 out of range (taxonomy "original" has ids 0–27)'],
    [
      'ok\t-1\ta\n',
      'x.tsv:1: label id "-1" is not a non-negative integer (taxonomy "original" has ids 0–27)',
    ],
    ['ok\t\ta\n', 'x.tsv:1: no label ids (taxonomy "original" has ids 0–27)'],
    ['ok\t1\ta\nfine\t2\ta\n', 'x.tsv:2: duplicate comment id "a"'],
    ['ok\t1\t\n', 'x.tsv:1: empty comment id'],
  ])('rejects %j', (content, message) => {
    expect(() => parse(content)).toThrow(
      new DataContractError({ file: 'x.tsv', line: 0, problem: '' }).constructor,
    );
    expect(() => parse(content)).toThrow(message);
  });

  it('names invalid UTF-8 by line', () => {
    const bytes = Buffer.concat([
      Buffer.from('fine\t1\ta\n'),
      Buffer.from([0x62, 0xff, 0x09, 0x31, 0x09, 0x62, 0x0a]),
    ]);
    expect(() => parse(bytes)).toThrow('x.tsv:2: invalid UTF-8 byte sequence');
  });

  it('skips and reports bad rows when lenient, keeping the good ones', () => {
    const { examples, skipped } = parse('ok\t1\ta\nbad row\nfine\t99\tc\nalso ok\t2\td\n', true);
    expect(examples.map((e) => e.id)).toEqual(['a', 'd']);
    expect(skipped.map((s) => s.line)).toEqual([2, 3]);
  });

  it('accepts CRLF line endings and a missing final newline', () => {
    expect(parse('a\t1\tx\r\nb\t2\ty').examples).toHaveLength(2);
  });

  it('maps every emotion to the paper group, checked against the shared group files', () => {
    expect(emotionsToGroups([EMOTIONS.indexOf('grief'), EMOTIONS.indexOf('joy')])).toEqual([1, 3]);
    expect(Object.keys(EMOTION_GROUP)).toHaveLength(28);
    const dir = defaultGoEmotionsDir();
    if (!dir) return;
    const original = loadSplit(dir, 'dev').examples;
    const group = parseGoEmotions(readFileSync(`${dir}/group/dev.tsv`), 'group/dev.tsv', 'group').examples;
    const byId = new Map(group.map((e) => [e.id, e.groups.join()]));
    expect(original.every((e) => byId.get(e.id) === e.groups.join())).toBe(true);
  });
});
