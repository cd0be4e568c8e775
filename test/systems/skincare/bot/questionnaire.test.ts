import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOALS, SKIN_TYPES } from '../../../../src/systems/skincare/contracts.ts';
import {
  answerData,
  applyAnswer,
  parseAnswerData,
  questionKeyboard,
  QUESTIONS,
  toQuestionnaire,
  type Answers,
} from '../../../../src/systems/skincare/bot/questionnaire.ts';
import { TEXTS_EN } from '../../../../src/systems/skincare/bot/texts.ts';

const callbackData = (answers: Answers) =>
  QUESTIONS.flatMap((q) =>
    questionKeyboard(q, answers, TEXTS_EN)
      .inline_keyboard.flat()
      .map((button) => ('callback_data' in button ? button.callback_data : '')),
  );

describe('the bot questionnaire', () => {
  it('the JSDoc example: a yes to "sensitive" answers it and moves to the goals', () => {
    expect(applyAnswer('sensitive', 'yes', { goals: [] }, TEXTS_EN)).toEqual({
      kind: 'answered',
      answers: { goals: [], sensitive: true },
      label: 'Yes',
      next: 'goals',
    });
  });

  it('every button carries data it parses back, within Telegram’s 64 bytes', () => {
    const data = callbackData({ goals: ['acne'] });
    expect(data).toHaveLength(4 + 2 + 7 + 3 + 1 + 4);
    for (const value of data) {
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(64);
      const parsed = parseAnswerData(value);
      expect(parsed && answerData(parsed.question, parsed.value)).toBe(value);
    }
    expect(parseAnswerData('q:unknown:x')).toBeNull();
    expect(parseAnswerData('consent:yes')).toBeNull();
  });

  it('goals toggle on and off in the catalog order, Done needs one, and the chosen show a tick', () => {
    let answers: Answers = { goals: [] };
    expect(applyAnswer('goals', 'done', answers, TEXTS_EN)).toEqual({
      kind: 'invalid',
      message: TEXTS_EN.goalsNeedOne,
    });
    for (const goal of ['redness', 'acne', 'fine_lines', 'acne'] as const) {
      const outcome = applyAnswer('goals', goal, answers, TEXTS_EN);
      if (outcome.kind !== 'toggled') throw new Error(`expected a toggle, got ${outcome.kind}`);
      answers = outcome.answers;
    }
    expect(answers.goals).toEqual(['redness', 'fine_lines']);
    const labels = questionKeyboard('goals', answers, TEXTS_EN)
      .inline_keyboard.flat()
      .map((b) => b.text);
    expect(labels.filter((label) => label.startsWith('✅'))).toEqual(['✅ Redness', '✅ Fine lines']);
    expect(applyAnswer('goals', 'done', answers, TEXTS_EN)).toMatchObject({
      kind: 'answered',
      label: 'Redness, Fine lines',
      next: 'pregnant',
    });
  });

  it('symptoms and budget take typed text; a budget that is not a positive amount is refused', () => {
    expect(applyAnswer('symptoms', '  a mole that bleeds ', { goals: [] }, TEXTS_EN)).toMatchObject({
      answers: { symptoms: ['a mole that bleeds'] },
      next: 'budget',
    });
    expect(applyAnswer('symptoms', 'none', { goals: [] }, TEXTS_EN)).toMatchObject({
      answers: { symptoms: [] },
    });
    expect(applyAnswer('budget', '$25', { goals: [] }, TEXTS_EN)).toMatchObject({
      answers: { budget_per_product: 25 },
      next: null,
    });
    expect(applyAnswer('budget', '12,5', { goals: [] }, TEXTS_EN)).toMatchObject({
      answers: { budget_per_product: 12.5 },
    });
    for (const bad of ['0', '-3', 'cheap', '1e9'])
      expect(applyAnswer('budget', bad, { goals: [] }, TEXTS_EN).kind).toBe('invalid');
  });

  it('pressing every question’s buttons in any order of values gives a questionnaire of the contract', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SKIN_TYPES),
        fc.boolean(),
        fc.uniqueArray(fc.constantFrom(...GOALS), { minLength: 1 }),
        fc.constantFrom('yes', 'no', 'skip'),
        fc.constantFrom('none', '15', '30', '60'),
        (skin, sensitive, goals, pregnant, budget) => {
          let answers: Answers = { goals: [] };
          const press = (question: (typeof QUESTIONS)[number], value: string) => {
            const outcome = applyAnswer(question, value, answers, TEXTS_EN);
            if (outcome.kind === 'invalid') throw new Error(`${question}:${value} refused`);
            answers = outcome.answers;
          };
          press('skin_type', skin);
          press('sensitive', sensitive ? 'yes' : 'no');
          for (const goal of goals) press('goals', goal);
          press('goals', 'done');
          press('pregnant', pregnant);
          press('symptoms', 'none');
          press('budget', budget);
          const questionnaire = toQuestionnaire(answers);
          expect(questionnaire.skin_type).toBe(skin);
          expect(questionnaire.sensitive).toBe(sensitive);
          expect(new Set(questionnaire.goals)).toEqual(new Set(goals));
          expect(questionnaire.pregnant).toBe(pregnant === 'skip' ? undefined : pregnant === 'yes');
          expect(questionnaire.budget_per_product).toBe(budget === 'none' ? undefined : Number(budget));
          expect('symptoms' in questionnaire).toBe(false);
        },
      ),
    );
  });

  it('an unfinished questionnaire names the missing question', () => {
    expect(() => toQuestionnaire({ goals: [] })).toThrow('skin_type is not answered');
    expect(() => toQuestionnaire({ skin_type: 'dry', goals: [] })).toThrow('sensitive is not answered');
    expect(() => toQuestionnaire({ skin_type: 'dry', sensitive: false, goals: [] })).toThrow(
      'goals are not answered',
    );
  });
});
