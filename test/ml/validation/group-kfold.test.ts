import { describe, expect, it } from 'vitest';
import { groupKFold, groupKFoldAssignment } from '../../../src/ml/validation/group-kfold.ts';
import { numpyArgsort } from '../../../src/ml/validation/numpy-argsort.ts';

/** Group g has 1 + (g·mult) mod `mod` rows; rows are interleaved by a fixed stride (as in the Python script). */
function groupsFor(nGroups: number, mult: number, mod: number): number[] {
  const rows = Array.from({ length: nGroups }, (_, g) =>
    new Array<number>(1 + ((g * mult) % mod)).fill(g),
  ).flat();
  const stride = rows.length % 7 ? 7 : 11;
  return rows.map((_, i) => rows[(i * stride) % rows.length]);
}

describe('groupKFoldAssignment', () => {
  // Reference: scikit-learn 1.2.1 GroupKFold(folds).split(g, groups=g) with NumPy 1.24.2 under
  // /usr/bin/python3, each row written as the fold whose test set holds it, over
  // groups built by the same groupsFor written in Python.
  const cases = [
    {
      groups: 92,
      mult: 37,
      mod: 23,
      folds: 5,
      rows: 1104,
      folds_sklearn:
        '344300223334333004400003322211333004334400244431334333440001111223330111330000111111122221222442442444113002200011422444434443422022211113344400111322222111104430002233433300444000033222133330033344002444333343334300111112133301113300001112111222212224444424441100020000112224244344332220222111134440001133222221110044300024334333004440000332221333004333400044433334333443001111221330011133000111121112022122244442244411000200011422244434443322022211111344400011322222211100443000233343330044000003222213330043334002444333343334400011112233301111330001211211222221222424424441130022000114224444344434220222111113444001113222221111044400022334333000440000332221133300433440024443133433344001111122333011133000011121112222122244444244411300200001122244443444322202221111344440011132222211110443000223343330044400003322213333003334300244333334333430011112213300111330001111211120221222444442444110002000114222444444433220222111113444000113322222111004430002433433300440000033222133300433340024443333433344000111122133011113300011112111222212224244244441300020001142224443444332202221111134440011132222221110',
    },
    {
      groups: 40,
      mult: 5,
      mod: 4,
      folds: 3,
      rows: 100,
      folds_sklearn:
        '0220111201210101201102211120011000222011202022012220101010220111221110101200022211120202000222010102',
    },
    {
      groups: 200,
      mult: 13,
      mod: 6,
      folds: 5,
      rows: 696,
      folds_sklearn:
        '001424033321404200303431100224323323421042213340133211442014133410303142014240242320111104232114442041214243421144040023111440304333023101332433430233101312104333410013442104020222240301034032214122200222223432100010010103440312332022132314441444213141324111343421000424101014204232331040033201104224121424342114404002311144030433302310133243343023310131210433341001344210402022224030103403221412220022222343210001001010344031233202213231444144421314132411134342100042410101420423233104003320110422012242334211040000031314003243230231213424134402331113421143334100034421140402422203110040322141422412142434211440400231114403043330231013324334302331013121043334100134421040202222403010340322141222',
    },
  ];
  it.each(cases)(
    'matches scikit-learn on $groups groups, $folds folds',
    ({ groups, mult, mod, folds, rows, folds_sklearn }) => {
      const g = groupsFor(groups, mult, mod);
      expect(g).toHaveLength(rows);
      expect(groupKFoldAssignment(g, folds).join('')).toBe(folds_sklearn);
    },
  );

  it('numbers groups in sorted key order, so string keys behave like numpy.unique', () => {
    // Three groups of sizes 2, 1, 3 → c (3 rows) to fold 0, then a (2 rows) to fold 1, b to fold 1.
    expect(groupKFoldAssignment(['a', 'a', 'b', 'c', 'c', 'c'], 2)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(groupKFoldAssignment(['b', 'b', 'a', 'c'], 3)).toEqual([0, 0, 2, 1]);
  });

  it('refuses fewer groups than folds and a bad fold count', () => {
    expect(() => groupKFoldAssignment(['a', 'b'], 3)).toThrow(/2 groups into 3 folds/);
    expect(() => groupKFoldAssignment(['a', 'b'], 1)).toThrow(/folds must be an integer ≥ 2/);
  });
});

describe('groupKFold', () => {
  it('keeps every group on one side and covers every row once as a test row', () => {
    const g = groupsFor(92, 37, 23);
    const splits = groupKFold(g, 5);
    const tested = splits.flatMap((split) => split.test).sort((a, b) => a - b);
    expect(tested).toEqual(g.map((_, i) => i));
    for (const { train, test } of splits) {
      const trainGroups = new Set(train.map((row) => g[row]));
      expect(test.some((row) => trainGroups.has(g[row]))).toBe(false);
      expect(train.length + test.length).toBe(g.length);
    }
  });
});

describe('numpyArgsort', () => {
  // Reference: numpy.argsort([(i * mult) % mod for i in range(n)]) with NumPy 1.24.2 (kind='quicksort').
  const cases = [
    {
      n: 300,
      mult: 7919,
      mod: 13,
      numpy:
        '0,52,65,78,91,104,117,130,143,156,169,182,195,208,221,234,247,260,273,286,39,26,299,13,267,111,137,46,293,72,150,163,20,98,124,176,254,189,33,85,59,202,7,280,215,241,228,274,105,79,92,14,261,131,144,157,170,183,196,248,209,222,118,66,235,40,287,53,1,27,60,86,125,216,294,203,151,112,99,177,242,268,255,229,21,281,34,164,73,138,8,47,190,145,28,2,236,119,132,197,249,106,184,54,15,262,210,171,67,41,80,275,158,223,288,93,61,48,191,282,295,230,165,139,74,126,178,204,9,100,152,113,243,87,217,256,35,269,22,159,3,172,146,185,42,250,237,68,224,81,16,94,276,263,211,289,107,29,120,198,133,55,179,205,36,296,218,231,192,244,23,270,75,140,10,127,114,62,283,153,101,257,166,88,49,108,277,82,30,4,290,199,212,121,17,134,95,56,264,225,251,186,238,147,43,173,69,160,63,76,89,219,297,232,24,167,271,37,11,258,154,180,102,141,128,50,115,206,245,193,284,265,239,291,252,278,161,109,5,187,148,200,44,135,174,83,96,57,18,31,226,70,213,122,129,233,64,272,103,285,90,116,142,259,298,25,220,38,207,246,194,12,77,51,168,155,181,45,19,58,32,292,123,279,227,240,6,214,201,188,71,253,162,136,266,110,97,84,175,149',
    },
    {
      n: 64,
      mult: 31,
      mod: 3,
      numpy:
        '0,60,57,54,51,48,45,42,39,36,33,30,27,24,21,18,63,9,15,6,3,12,16,7,43,46,40,37,52,55,58,1,61,49,4,31,34,10,19,22,28,13,25,20,59,14,2,56,23,53,26,35,5,47,29,44,11,62,41,32,8,38,50,17',
    },
  ];
  it.each(cases)('leaves ties where NumPy does (n = $n)', ({ n, mult, mod, numpy }) => {
    const values = Array.from({ length: n }, (_, i) => (i * mult) % mod);
    expect(numpyArgsort(values).join(',')).toBe(numpy);
  });

  it('sorts (ties aside) like any sort, on sorted and reversed input too', () => {
    for (const values of [
      Array.from({ length: 500 }, (_, i) => i),
      Array.from({ length: 500 }, (_, i) => 500 - i),
    ]) {
      const order = numpyArgsort(values);
      expect(order.map((i) => values[i])).toEqual([...values].sort((a, b) => a - b));
    }
    expect(numpyArgsort(new Array(20).fill(1))).toEqual([
      0, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 18, 19,
    ]);
  });
});
