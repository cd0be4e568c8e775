import type { DocWriter } from '../../../platform/docs/writer.ts';
import type { DocInputs, SupportDocInputs } from './inputs.ts';

export { requirementsTable, table } from '../../../platform/docs/writer.ts';
export type { Lang } from '../../../platform/docs/writer.ts';

/** The writer the support doc's sections get: its input names are the ones of SUPPORT_DOC_INPUTS. */
export type Writer = DocWriter<keyof SupportDocInputs>;

type Load = NonNullable<DocInputs['load']>;

/** Peak RSS over the load steps up to the target rate (memory grows with the rate). */
export function rssAtTarget(load: Load): number {
  const steps = load.open_loop.filter(
    (r) => r.target_comments_per_second <= load.targets.sustained_comments_per_second && r.peak_rss_mib,
  );
  return steps.length ? Math.max(...steps.map((r) => r.peak_rss_mib!)) : load.service_peak_rss_mib;
}
