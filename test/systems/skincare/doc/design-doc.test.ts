import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGN_DOC_TEMPLATE } from '../../../../src/platform/docs/template-layout.ts';
import type { DocInputs } from '../../../../src/systems/skincare/doc/inputs.ts';
import { skincareDesignDoc } from '../../../../src/systems/skincare/doc/render.ts';
import { required } from '../../../requirements.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

const template = required(
  'the design-doc template',
  existsSync(DESIGN_DOC_TEMPLATE) && readFileSync(DESIGN_DOC_TEMPLATE, 'utf8'),
  `put ../shared (with DESIGN-DOC-TEMPLATE.md) beside the repository`,
);

describe('skincare live design doc', () => {
  const inputs = skincareDesignDoc.read(ROOT);

  for (const lang of ['en', 'ru'] as const)
    it(`${skincareDesignDoc.files[lang]} is up to date with its inputs (else run \`mlsd skincare doc --lang ${lang}\`)`, () => {
      expect(skincareDesignDoc.checkStale(ROOT, lang)).toMatchObject({ upToDate: true });
    });

  it.skipIf(!template)("follows the template's layout in both languages", () => {
    for (const lang of ['en', 'ru'] as const)
      expect(skincareDesignDoc.checkLayout(skincareDesignDoc.render(inputs, lang), lang, template!)).toEqual(
        [],
      );
  });

  it('states the photo accuracy as unmeasured with its protocol, and the pilot as simulated', () => {
    const en = skincareDesignDoc.render(inputs, 'en');
    expect(en).toContain('"classification accuracy > 90 %" is UNMEASURED');
    expect(en).toContain('**Protocol that would measure it:**');
    expect(en).toContain('**No real pilot has run**');
    expect(en).toContain('**SIMULATED**');
    expect(skincareDesignDoc.render(inputs, 'ru')).toContain('НЕ ИЗМЕРЕНА');
  });

  it('follows a changed measurement, and says what to run when one is missing', () => {
    const changed: DocInputs = JSON.parse(JSON.stringify(inputs));
    changed.recommend!.arms.model.latency_ms.p99 = 12.5;
    changed.recommend!.arms.model.target_met = true;
    expect(skincareDesignDoc.render(changed, 'en')).toContain('| 12.5 ms | P99 ≤ 20 ms: met |');
    changed.recommend!.arms.model.target_met = false;
    expect(skincareDesignDoc.render(changed, 'en')).toContain('P99 ≤ 20 ms: **not met**');
    const missing: DocInputs = { ...inputs, suitability: null, evaluate: null };
    const text = skincareDesignDoc.render(missing, 'en');
    expect(text).toContain('_Not measured yet: run `npm run bench:skincare-suitability`');
    expect(text).toContain(
      '_Not measured yet: run `mlsd skincare evaluate --out docs/skincare/evaluate.json`',
    );
    expect(skincareDesignDoc.render(missing, 'ru')).toContain(
      '_Ещё не измерено: запустите `npm run bench:skincare-suitability`',
    );
  });

  it('quotes the suitability model beside its baselines and calls the gap what it is', () => {
    const en = skincareDesignDoc.render(inputs, 'en');
    const s = inputs.suitability!.suitability;
    expect(en).toContain(`| **our model** | ${s.model.macro_roc_auc.toFixed(3)} [`);
    expect(en).toContain(`| category prior | ${s.baselines.category_prior.macro_roc_auc.toFixed(3)} [`);
    expect(en).toContain('scikit-learn');
    const d = s.model_minus_category_prior.ci95;
    expect(en).toContain(d[0] > 0 || d[1] < 0 ? '**a real difference**' : '**within noise**');
  });
});
