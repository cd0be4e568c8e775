import { describe, expect, it } from 'vitest';
import {
  parseQuestionnaire,
  QuestionnaireError,
  questionnaireSchema,
} from '../../../../src/systems/skincare/recommend/questionnaire.ts';

const valid = {
  skin_type: 'oily',
  sensitive: true,
  goals: ['acne', 'oiliness'],
  budget_per_product: 30,
  pregnant: false,
  symptoms: ['itchy'],
};

const fieldOf = (input: unknown): string => {
  try {
    parseQuestionnaire(input);
  } catch (error) {
    expect(error).toBeInstanceOf(QuestionnaireError);
    return `${(error as QuestionnaireError).field} | ${(error as Error).message}`;
  }
  throw new Error('expected a QuestionnaireError');
};

describe('parseQuestionnaire', () => {
  it('accepts the documented shape and drops repeated goals', () => {
    expect(parseQuestionnaire(valid)).toEqual(valid);
    expect(
      parseQuestionnaire({ skin_type: 'dry', sensitive: false, goals: ['redness', 'redness'] }).goals,
    ).toEqual(['redness']);
    expect(questionnaireSchema.safeParse(valid).success).toBe(true);
  });

  it('names the field, the allowed values and what was sent', () => {
    expect(fieldOf({ ...valid, skin_type: 'shiny' })).toBe(
      'skin_type | questionnaire.skin_type must be one of "dry", "oily", "combination", "normal"; got "shiny"',
    );
    expect(fieldOf({ ...valid, goals: ['acne', 'wrinkles'] })).toMatch(
      /^goals\[1\] \| questionnaire.goals\[1\] must be one of "acne", .*; got "wrinkles"$/,
    );
    expect(fieldOf({ ...valid, sensitive: 'yes' })).toBe(
      'sensitive | questionnaire.sensitive must be a boolean; got "yes"',
    );
    expect(fieldOf({ ...valid, budget_per_product: -5 })).toMatch(/^budget_per_product \| .*got -5$/);
    expect(fieldOf({ ...valid, budget_per_product: 1e9 })).toMatch(/^budget_per_product \|/);
    expect(fieldOf({ skin_type: 'dry', goals: [] })).toBe(
      'sensitive | questionnaire.sensitive must be a boolean; got nothing',
    );
    expect(fieldOf({ ...valid, budget: 10 })).toMatch(
      /^budget \| questionnaire.budget is not a questionnaire field/,
    );
    expect(fieldOf({ ...valid, symptoms: ['x'.repeat(501)] })).toMatch(/^symptoms\[0\] \|/);
    expect(fieldOf('dry')).toMatch(/^\(root\) \| .* must be an object/);
  });
});
