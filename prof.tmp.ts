import { ModelRegistry } from './src/platform/registry/registry.ts';
import { loadSupportModel } from './src/systems/support/lifecycle.ts';
import { loadSplit } from './src/systems/support/data.ts';
const reg = await ModelRegistry.open('var/registry.sqlite');
const { model } = await loadSupportModel(reg);
const texts = loadSplit('/work/shared/data/goemotions', 'dev').examples.map((e) => e.text);
const s = performance.now();
let n = 0;
while (performance.now() - s < 4000) {
  for (const t of texts) model.rawScores(t);
  n += texts.length;
}
console.log(Math.round(n / ((performance.now() - s) / 1000)));
await reg.close();
