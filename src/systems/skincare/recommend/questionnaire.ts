import { z } from 'zod';
import { formatZodPath } from '../../../platform/http/zod-issue.ts';
import { GOALS, SKIN_TYPES, type Questionnaire } from '../contracts.ts';

/** Longest symptom text kept, and how many symptoms: a questionnaire, not a medical record. */
const MAX_SYMPTOM_CHARS = 500;
const MAX_SYMPTOMS = 20;
/** A budget above this is surely a typo (the catalog's dearest product costs $370). */
const MAX_BUDGET_USD = 10_000;

/**
 * The questionnaire of the CLI, the API and the bot. Unknown fields are refused (a misspelt
 * `budget` must not silently drop the budget); goals stated twice count once.
 */
export const questionnaireSchema = z
  .object({
    skin_type: z.enum(SKIN_TYPES),
    sensitive: z.boolean(),
    goals: z
      .array(z.enum(GOALS))
      .max(GOALS.length * 2)
      .transform((goals) => [...new Set(goals)]),
    budget_per_product: z.number().positive().max(MAX_BUDGET_USD).optional(),
    pregnant: z.boolean().optional(),
    symptoms: z.array(z.string().max(MAX_SYMPTOM_CHARS)).max(MAX_SYMPTOMS).optional(),
  })
  .strict();

/** A questionnaire value that breaks the schema; `field` is its path, e.g. `goals[1]`. */
export class QuestionnaireError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`questionnaire.${field} ${reason}`);
    this.name = 'QuestionnaireError';
  }
}

/**
 * Validates a questionnaire; the first problem is thrown as a {@link QuestionnaireError} naming the
 * field, the allowed values and what was sent.
 * @example
 * parseQuestionnaire({ skin_type: 'dry', sensitive: false, goals: ['redness', 'redness'] }).goals; // ['redness']
 * try { parseQuestionnaire({ skin_type: 'shiny', sensitive: false, goals: [] }); } catch (e) { e.field; } // e.g. 'skin_type'
 */
export function parseQuestionnaire(input: unknown): Questionnaire {
  const result = questionnaireSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys')
    throw new QuestionnaireError(
      formatZodPath([...issue.path, issue.keys[0]], ''),
      `is not a questionnaire field (fields: ${Object.keys(questionnaireSchema.shape).join(', ')})`,
    );
  const field = formatZodPath(issue.path, '(root)');
  const sent = valueAt(input, issue.path);
  const got = sent === undefined ? 'nothing' : JSON.stringify(sent);
  if (issue.code === 'invalid_value')
    throw new QuestionnaireError(
      field,
      `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${got}`,
    );
  if (issue.code === 'invalid_type')
    throw new QuestionnaireError(field, `must be ${article(issue.expected)}; got ${got}`);
  throw new QuestionnaireError(field, `${lowerFirst(issue.message)}; got ${truncate(got)}`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const article = (type: string) => (type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const truncate = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
