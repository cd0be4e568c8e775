import type { DocWriter } from '../../../platform/docs/writer.ts';
import type { AdsDocInputs, Estimate } from './inputs.ts';

export { requirementsTable, table } from '../../../platform/docs/writer.ts';

/** The writer the ads doc's sections get: its input names are the ones of ADS_DOC_INPUTS. */
export type Writer = DocWriter<keyof AdsDocInputs>;

/** "0.0055 [0.0030, 0.0088]": a value and its 95 % interval at `digits` decimals. */
export const withCi = (w: Writer, e: Estimate | undefined, digits = 4): string =>
  e ? `${w.num(e.value, digits)} [${w.num(e.ci[0], digits)}, ${w.num(e.ci[1], digits)}]` : '–';

/** The same in percent. */
export const pctCi = (w: Writer, e: Estimate | undefined, digits = 2): string =>
  e ? `${w.pct(e.value, digits)} [${w.pct(e.ci[0], digits)}, ${w.pct(e.ci[1], digits)}]` : '–';

/** Whether an interval excludes zero: the difference is real at this size. */
export const excludesZero = (e: Estimate): boolean => e.ci[0] > 0 || e.ci[1] < 0;
