import type { DocWriter } from '../../../platform/docs/writer.ts';
import type { SkincareDocInputs } from './inputs.ts';

export { requirementsTable, table } from '../../../platform/docs/writer.ts';

/** The writer the skincare doc's sections get: its input names are the ones of SKINCARE_DOC_INPUTS. */
export type Writer = DocWriter<keyof SkincareDocInputs>;

/** "0.642 [0.611, 0.673]": a value and its 95 % interval. */
export const withCi = (
  w: Writer,
  value: number,
  ci: readonly [number, number] | null | undefined,
  digits = 3,
) =>
  ci ? `${w.num(value, digits)} [${w.num(ci[0], digits)}, ${w.num(ci[1], digits)}]` : w.num(value, digits);

/** The same in percent. */
export const pctCi = (
  w: Writer,
  value: number,
  ci: readonly [number, number] | null | undefined,
  digits = 1,
) =>
  ci ? `${w.pct(value, digits)} [${w.pct(ci[0], digits)}, ${w.pct(ci[1], digits)}]` : w.pct(value, digits);
