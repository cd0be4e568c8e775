import { InlineKeyboard } from 'grammy';
import { GOALS, SKIN_TYPES, type Goal, type Questionnaire, type SkinType } from '../contracts.ts';
import type { BotTexts } from './texts.ts';

/** The questions in the order the bot asks them. */
export const QUESTIONS = ['skin_type', 'sensitive', 'goals', 'pregnant', 'symptoms', 'budget'] as const;
export type QuestionKey = (typeof QUESTIONS)[number];

/** Budget buttons, USD per product (plus "no limit"). */
export const BUDGET_CHOICES = [15, 30, 60] as const;
/** A typed budget above this is a typo, not a budget. */
const MAX_BUDGET_USD = 10_000;

/** Answers so far; `toQuestionnaire` turns the finished set into the flow's questionnaire. */
export interface Answers {
  skin_type?: SkinType;
  sensitive?: boolean;
  goals: Goal[];
  pregnant?: boolean;
  symptoms?: string[];
  budget_per_product?: number;
}

/** What an answer (a button's value, or a typed text) does to the questionnaire. */
export type AnswerOutcome =
  | { kind: 'answered'; answers: Answers; label: string; next: QuestionKey | null }
  | { kind: 'toggled'; answers: Answers }
  | { kind: 'invalid'; message: string };

/** Callback data of a question's button: `q:<question>:<value>` (well under Telegram's 64 bytes). */
export const answerData = (question: QuestionKey, value: string): string => `q:${question}:${value}`;

/** Parses `q:<question>:<value>`; null for anything else. */
export function parseAnswerData(data: string): { question: QuestionKey; value: string } | null {
  const match = /^q:([a-z_]+):(.+)$/.exec(data);
  if (!match || !(QUESTIONS as readonly string[]).includes(match[1]!)) return null;
  return { question: match[1] as QuestionKey, value: match[2]! };
}

const nextAfter = (question: QuestionKey): QuestionKey | null =>
  QUESTIONS[QUESTIONS.indexOf(question) + 1] ?? null;

export const questionText = (question: QuestionKey, texts: BotTexts): string =>
  ({
    skin_type: texts.questions.skinType,
    sensitive: texts.questions.sensitive,
    goals: texts.questions.goals,
    pregnant: texts.questions.pregnant,
    symptoms: texts.questions.symptoms,
    budget: texts.questions.budget,
  })[question];

/** The inline keyboard of a question; the goals' buttons show which goals are chosen. */
export function questionKeyboard(question: QuestionKey, answers: Answers, texts: BotTexts): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const yesNo = (withSkip: boolean) => {
    keyboard.text(texts.yes, answerData(question, 'yes')).text(texts.no, answerData(question, 'no'));
    if (withSkip) keyboard.text(texts.skip, answerData(question, 'skip'));
  };
  switch (question) {
    case 'skin_type':
      SKIN_TYPES.forEach((type, i) => {
        keyboard.text(texts.skinTypes[type], answerData(question, type));
        if (i % 2 === 1) keyboard.row();
      });
      break;
    case 'sensitive':
      yesNo(false);
      break;
    case 'goals':
      GOALS.forEach((goal, i) => {
        const mark = answers.goals.includes(goal) ? '✅ ' : '';
        keyboard.text(`${mark}${texts.goals[goal]}`, answerData(question, goal));
        if (i % 2 === 1) keyboard.row();
      });
      keyboard.text(texts.done, answerData(question, 'done'));
      break;
    case 'pregnant':
      yesNo(true);
      break;
    case 'symptoms':
      keyboard.text(texts.noSymptoms, answerData(question, 'none'));
      break;
    case 'budget':
      for (const usd of BUDGET_CHOICES) keyboard.text(texts.upTo(usd), answerData(question, String(usd)));
      keyboard.row().text(texts.noBudgetLimit, answerData(question, 'none'));
      break;
  }
  return keyboard;
}

/**
 * Applies one answer: a button's value, or (for symptoms and budget) the text the user typed.
 * Pure, so every branch is tested without Telegram.
 *
 * @example
 * import { TEXTS_EN } from './texts.ts';
 * applyAnswer('sensitive', 'yes', { goals: [] }, TEXTS_EN).next; // 'goals'
 * applyAnswer('budget', '$25', { goals: ['acne'] }, TEXTS_EN).answers; // { goals: ['acne'], budget_per_product: 25 }
 * applyAnswer('goals', 'done', { goals: [] }, TEXTS_EN).kind; // 'invalid' (at least one goal)
 */
export function applyAnswer(
  question: QuestionKey,
  value: string,
  answers: Answers,
  texts: BotTexts,
): AnswerOutcome {
  const answered = (patch: Partial<Answers>, label: string): AnswerOutcome => ({
    kind: 'answered',
    answers: { ...answers, ...patch },
    label,
    next: nextAfter(question),
  });
  const invalid: AnswerOutcome = { kind: 'invalid', message: texts.staleButton };
  switch (question) {
    case 'skin_type':
      return (SKIN_TYPES as readonly string[]).includes(value)
        ? answered({ skin_type: value as SkinType }, texts.skinTypes[value as SkinType])
        : invalid;
    case 'sensitive':
    case 'pregnant': {
      if (value === 'skip' && question === 'pregnant') return answered({}, texts.skip);
      if (value !== 'yes' && value !== 'no') return invalid;
      return answered({ [question]: value === 'yes' }, value === 'yes' ? texts.yes : texts.no);
    }
    case 'goals': {
      if (value === 'done') {
        if (answers.goals.length === 0) return { kind: 'invalid', message: texts.goalsNeedOne };
        return answered({}, answers.goals.map((goal) => texts.goals[goal]).join(', '));
      }
      if (!(GOALS as readonly string[]).includes(value)) return invalid;
      const goal = value as Goal;
      const goals = answers.goals.includes(goal)
        ? answers.goals.filter((g) => g !== goal)
        : GOALS.filter((g) => g === goal || answers.goals.includes(g));
      return { kind: 'toggled', answers: { ...answers, goals } };
    }
    case 'symptoms': {
      if (value === 'none') return answered({ symptoms: [] }, texts.noSymptoms);
      const text = value.trim().slice(0, 1000);
      return text ? answered({ symptoms: [text] }, text) : invalid;
    }
    case 'budget': {
      if (value === 'none') return answered({ budget_per_product: undefined }, texts.noBudgetLimit);
      const usd = Number(value.replace(/^\$|\s*(usd|\$)$/gi, '').replace(',', '.'));
      if (!Number.isFinite(usd) || usd <= 0 || usd > MAX_BUDGET_USD)
        return { kind: 'invalid', message: texts.questions.budget };
      return answered({ budget_per_product: usd }, texts.upTo(usd));
    }
  }
}

/** The flow's questionnaire from finished answers (throws, naming the question, if one is missing). */
export function toQuestionnaire(answers: Answers): Questionnaire {
  if (!answers.skin_type) throw new Error('questionnaire: skin_type is not answered');
  if (answers.sensitive === undefined) throw new Error('questionnaire: sensitive is not answered');
  if (answers.goals.length === 0) throw new Error('questionnaire: goals are not answered');
  return {
    skin_type: answers.skin_type,
    sensitive: answers.sensitive,
    goals: answers.goals,
    ...(answers.pregnant !== undefined ? { pregnant: answers.pregnant } : {}),
    ...(answers.symptoms?.length ? { symptoms: answers.symptoms } : {}),
    ...(answers.budget_per_product !== undefined ? { budget_per_product: answers.budget_per_product } : {}),
  };
}
