import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendation } from '../../../../src/systems/skincare/contracts.ts';
import { KNOWLEDGE_BASE } from '../../../../src/systems/skincare/knowledge/index.ts';
import { checkRules } from '../../../../src/systems/skincare/recommend/check.ts';
import { headers, startSkincareHost } from '../service/helpers.ts';
import { makeSkincareDataFolder } from './data-folder.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./run-skincare.ts', import.meta.url));
let data: string;

/** `mlsd skincare <args>` with `stdin` piped, as a child process (the way a user runs it). */
function run(args: string[], stdin: string) {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [RUNNER, ...args], {
    input: stdin,
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  data = makeSkincareDataFolder();
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('mlsd skincare recommend', () => {
  const questionnaire = {
    skin_type: 'dry',
    sensitive: true,
    goals: ['acne', 'dryness'],
    budget_per_product: 40,
  };

  it('--json prints exactly the disclaimer, red_flag and routine, with the documented step shape', () => {
    const { code, stdout } = run(['recommend', '--json', '--data', data], JSON.stringify(questionnaire));
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as Recommendation;
    expect(Object.keys(answer)).toEqual(['disclaimer', 'red_flag', 'routine']);
    expect(answer.disclaimer).toMatch(/not medical advice/);
    expect(answer.red_flag).toBeNull();
    expect(Object.keys(answer.routine)).toEqual(['am', 'pm']);
    for (const step of [...answer.routine.am, ...answer.routine.pm]) {
      expect(Object.keys(step)).toEqual(['step', 'product', 'why']);
      expect(Object.keys(step.product)).toEqual(['id', 'brand', 'name', 'price', 'ingredients']);
      expect(typeof step.product.price).toBe('number');
      expect(step.product.ingredients.length).toBeGreaterThan(0);
      expect(step.why.length).toBeGreaterThan(0);
    }
    expect(answer.routine.am.at(-1)?.step).toBe('sunscreen');
    expect(answer.routine.pm.map((s) => s.step)).toContain('cleanser');
    expect(checkRules(questionnaire as never, answer, KNOWLEDGE_BASE)).toEqual([]);
    // Sensitive: the fixture's PARFUM / ALCOHOL DENAT. products never appear.
    expect(stdout).not.toMatch(/PARFUM|ALCOHOL DENAT/);
  });

  it('reads like a routine without --json', () => {
    const { code, stdout } = run(['recommend', '--data', data], JSON.stringify(questionnaire));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Morning\n {2}1\. Cleanser: /);
    expect(stdout).toMatch(/\nEvening\n/);
    expect(stdout).toMatch(/Sunscreen: .*SPF 30/);
    expect(stdout).toMatch(/\nNote: This is general cosmetic care, not medical advice/);
  });

  it('says why a step stays empty: a $1 budget prints the notes, and --json carries them', () => {
    const tight = JSON.stringify({ ...questionnaire, budget_per_product: 1 });
    const human = run(['recommend', '--data', data], tight);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^What could not be filled\n {2}· No sunscreen for the morning within \$1\.00 per product/,
    );
    expect(human.stdout).toMatch(
      /\n {2}· No cleanser within \$1\.00 per product passed the rules for sensitive skin .*raise the budget to at least \$\d/,
    );
    const json = run(['recommend', '--json', '--data', data], tight);
    const answer = JSON.parse(json.stdout) as Recommendation;
    expect(Object.keys(answer)).toEqual(['disclaimer', 'red_flag', 'routine', 'notes']);
    expect(answer.routine).toEqual({ am: [], pm: [] });
    expect(answer.notes?.map((note) => /^No (\w+)/.exec(note)?.[1])).toEqual([
      'sunscreen',
      'cleanser',
      'moisturiser',
      'treatment',
    ]);
  });

  it('answers a red flag with a referral and no products', () => {
    const { code, stdout } = run(
      ['recommend', '--json', '--data', data],
      JSON.stringify({ ...questionnaire, symptoms: ['my mole is bleeding'] }),
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as Recommendation;
    expect(answer.red_flag?.referral).toMatch(/dermatologist|doctor/i);
    expect(answer.routine).toEqual({ am: [], pm: [] });
  });

  it('exits 2 naming the field on a bad value, and on input that is not JSON', () => {
    const bad = run(
      ['recommend', '--json', '--data', data],
      JSON.stringify({ ...questionnaire, goals: ['acne', 'tan'] }),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/questionnaire\.goals\[1\] must be one of "acne", .*; got "tan"/);
    expect(bad.stdout).toBe('');
    const notJson = run(['recommend', '--data', data], '{skin_type: dry');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not JSON/);
  });

  it('--photo refuses a photo the quality gate rejects, with the retake advice', () => {
    const notImage = run(['recommend', '--data', data, '--photo', RUNNER], JSON.stringify(questionnaire));
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).toMatch(/--photo .*: the photo was not accepted/);
  });

  it('ranks the scored catalog registered by `mlsd skincare train` when --data-dir has one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skincare-store-'));
    try {
      const train = run(['train', '--data', data, '--data-dir', dataDir], '');
      expect(train.code, train.stderr).toBe(0);
      // The data folder is gone from the command line: the registered catalog is enough.
      const { code, stdout, stderr } = run(
        ['recommend', '--json', '--data-dir', dataDir, '--data', '/nonexistent'],
        JSON.stringify(questionnaire),
      );
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/ranking \d+ products \(registered skincare-catalog #\d+/);
      expect((JSON.parse(stdout) as Recommendation).routine.am.at(-1)?.step).toBe('sunscreen');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("ranks the partner products imported into the --data-dir's store, as the service does", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skincare-store-'));
    try {
      const train = run(['train', '--data', data, '--data-dir', dataDir], '');
      expect(train.code, train.stderr).toBe(0);
      // A partner brand imports four products through the service's route into that store,
      // priced under every product of the registered catalog (the fixture's cheapest is $10).
      const t = await startSkincareHost({}, { dataDir });
      try {
        const imported = await t.host.app.inject({
          method: 'POST',
          url: '/v1/skincare/catalog/imports?brand=Acme%20Labs',
          headers: { ...headers, 'content-type': 'text/csv' },
          payload: [
            'name,category,price,rating,rating_count,ingredients,skin_types',
            'Gentle Gel Cleanser,cleanser,3,4.6,120,"Water, Glycerin, Coco-Glucoside",dry',
            'Calm Serum,serum,3,4.4,80,"Water, Niacinamide, Glycerin",dry',
            'Light Moisture Cream,moisturizer,3,4.5,95,"Water, Glycerin, Squalane, Ceramide NP",dry',
            'Daily Shield SPF 50,sunscreen,3,4.3,60,"Water, Zinc Oxide, Glycerin, Tocopherol",',
          ].join('\n'),
        });
        expect(imported.statusCode, imported.body).toBe(201);
      } finally {
        await t.host.close();
      }
      const cheap = JSON.stringify({ ...questionnaire, budget_per_product: 5 });
      const { code, stdout, stderr } = run(['recommend', '--json', '--data-dir', dataDir], cheap);
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/registered skincare-catalog #\d+ .*\+ 4 imported partner products\)/);
      const answer = JSON.parse(stdout) as Recommendation;
      const brands = [...answer.routine.am, ...answer.routine.pm].map((step) => step.product.brand);
      expect(brands.length).toBeGreaterThan(0);
      expect(new Set(brands)).toEqual(new Set(['Acme Labs']));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('a data folder without the catalog files is a usage error naming them', () => {
    const { code, stderr } = run(['recommend', '--data', '/nonexistent'], JSON.stringify(questionnaire));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a skincare data folder: missing catalog\/sephora_cosmetics\.utf8\.csv/);
  });
});

describe('mlsd skincare evaluate', () => {
  it('--json prints suitability, ranking (model, popularity, random), rules and the INCI match rate', () => {
    const { code, stdout, stderr } = run(
      ['evaluate', '--json', '--data', data, '--questionnaires', '300'],
      '',
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual([
      'suitability',
      'ranking',
      'rules',
      'inci_match_rate',
      'inci_match_by_source',
    ]);
    expect(result.suitability.n).toBe(48);
    for (const metric of ['ndcg_at_10', 'map'])
      for (const ranker of ['model', 'popularity', 'random']) {
        const { value, ci } = result.ranking[metric][ranker];
        expect(value).toBeGreaterThan(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(ci[0]).toBeLessThanOrEqual(value);
        expect(ci[1]).toBeGreaterThanOrEqual(value);
      }
    expect(result.rules).toMatchObject({ questionnaires: 300, violations: 0 });
    expect(result.inci_match_rate).toBeGreaterThan(0.9);
  });
});
