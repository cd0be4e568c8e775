import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGN_DOC_TEMPLATE } from '../../../../src/platform/docs/template-layout.ts';
import type { DocInputs } from '../../../../src/systems/ads/doc/inputs.ts';
import { adsDesignDoc } from '../../../../src/systems/ads/doc/render.ts';
import { required } from '../../../requirements.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

const template = required(
  'the design-doc template',
  existsSync(DESIGN_DOC_TEMPLATE) && readFileSync(DESIGN_DOC_TEMPLATE, 'utf8'),
  `put ../shared (with DESIGN-DOC-TEMPLATE.md) beside the repository`,
);

describe('ads live design doc', () => {
  const inputs = adsDesignDoc.read(ROOT);

  for (const lang of ['en', 'ru'] as const)
    it(`${adsDesignDoc.files[lang]} is up to date with its inputs (else run \`mlsd ads doc --lang ${lang}\`)`, () => {
      expect(adsDesignDoc.checkStale(ROOT, lang)).toMatchObject({ upToDate: true });
    });

  it.skipIf(!template)("follows the template's layout in both languages", () => {
    for (const lang of ['en', 'ru'] as const)
      expect(adsDesignDoc.checkLayout(adsDesignDoc.render(inputs, lang), lang, template!)).toEqual([]);
  });

  it('follows a changed measurement, and says what to run when one is missing', () => {
    const changed: DocInputs = JSON.parse(JSON.stringify(inputs));
    changed.decide!.sqlite.decide_only.latency_ms.p99 = 3.21;
    changed.decide!.sqlite.decide_only.achieved_per_second = 1000;
    const en = adsDesignDoc.render(changed, 'en');
    expect(en).toContain('**The target is met on SQLite:** P99 3.21 ms');
    changed.decide!.sqlite.decide_only.latency_ms.p99 = 12.5;
    expect(adsDesignDoc.render(changed, 'en')).toContain('**The target is not met on SQLite:** P99 12.5 ms');
    const missing: DocInputs = { ...inputs, ope: null, simulate: null };
    const text = adsDesignDoc.render(missing, 'en');
    expect(text).toContain('_Not measured yet: run `npm run bench:ads-ope`');
    expect(text).toContain('_Not measured yet: run `npm run bench:ads-simulate`');
    expect(adsDesignDoc.render(missing, 'ru')).toContain(
      '_Ещё не измерено: запустите `npm run bench:ads-ope`',
    );
  });

  it('labels the close-aware results as simulated and says whether their CI excludes 0', () => {
    const en = adsDesignDoc.render(inputs, 'en');
    const diff = inputs.simulate!.close_aware_minus_click_only;
    expect(en).toContain('**The refined version — SIMULATED**');
    const excludes = diff.ci[0] > 0 || diff.ci[1] < 0;
    expect(en).toContain(
      excludes ? 'the CI excludes 0: the target is met' : 'the CI includes 0: the target is not met',
    );
    const flipped: DocInputs = JSON.parse(JSON.stringify(inputs));
    flipped.simulate!.close_aware_minus_click_only = { value: 0.01, ci: [-0.05, 0.07] };
    expect(adsDesignDoc.render(flipped, 'en')).toContain('the CI includes 0: the target is not met');
  });

  it('shows every off-policy estimator of every run beside the truth', () => {
    const en = adsDesignDoc.render(inputs, 'en');
    for (const run of inputs.ope!.runs)
      expect(en).toContain(`| ${run.campaign}: ${run.behavior} → ${run.evaluation} |`);
    expect(en).toMatch(/\| dm \| ipw \| snipw \| dr \| sndr \| switch_dr \| dros \| replay \|/);
  });
});
