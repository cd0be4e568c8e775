import { ModelRegistry } from './src/platform/registry/registry.ts';
import { loadSupportModel } from './src/systems/support/lifecycle.ts';
import { loadSplit } from './src/systems/support/data.ts';
import { normalizeText } from './src/ml/text/normalize.ts';
import { tokenize } from './src/ml/text/tokenize.ts';
import { identifyLanguage } from './src/ml/text/language.ts';
const reg = await ModelRegistry.open('var/registry.sqlite');
const { model } = await loadSupportModel(reg);
const texts = loadSplit('/work/shared/data/goemotions', 'dev').examples.map((e) => e.text);
const time = (name: string, fn: (t: string) => unknown) => {
  for (const t of texts.slice(0, 500)) fn(t);
  const s = performance.now();
  let n = 0;
  while (performance.now() - s < 2000) {
    for (const t of texts) fn(t);
    n += texts.length;
  }
  console.log(name.padEnd(12), Math.round(n / ((performance.now() - s) / 1000)), '/s');
};
time('normalize', normalizeText);
time('norm+tok', (t) => tokenize(normalizeText(t)));
time('rawScores', (t) => model.rawScores(t));
time('langid', identifyLanguage);
time('predict', (t) => model.predict(t));
await reg.close();
