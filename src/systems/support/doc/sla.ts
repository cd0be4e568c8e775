import type { DocInputs } from './inputs.ts';
import type { Writer } from './format.ts';

/** The original doc's requirements: answer within 10 s, for 99 % of requests. */
export const SLA_MS = 10_000;
export const SLA_SHARE = 0.99;

/** "2 cores" / "2 ядрах" (Russian locative: one core is "ядре"). */
export const cores = (w: Writer, n: number): string =>
  w.L(n === 1 ? '1 core' : `${n} cores`, n === 1 ? '1 ядре' : `${n} ядрах`);

/**
 * Availability as the SLA means it: the share of comments answered (accepted with a 2xx and
 * brought to their final state) within the SLA. The fault drill measures it per comment; the load
 * bench records percentiles only, so at the doc's rate it gives a bound: when every accepted
 * comment finished and P99 is within the SLA, at least 99 % of them were answered in time.
 */
export function availability(x: DocInputs): {
  faults: { share: number; answered: number; requests: number; slaMs: number; p50Ms: number | null } | null;
  loadBound: { share: number; finished: number; requests: number; p99Ms: number; rate: number } | null;
  met: boolean | null;
} {
  const a = x.faults?.availability;
  const faults = a
    ? {
        share: a.share,
        answered: a.answered_within_sla,
        requests: a.requests,
        slaMs: a.sla_ms,
        p50Ms: a.answer_ms.p50,
      }
    : null;
  const step = x.load?.doc_rate_100_per_second;
  const requests = step ? step.accepted + step.failed : 0;
  const loadBound =
    step && requests > 0 && step.end_to_end_ms.p99 <= SLA_MS
      ? {
          share: (SLA_SHARE * step.end_to_end_ms.finished) / requests,
          finished: step.end_to_end_ms.finished,
          requests,
          p99Ms: step.end_to_end_ms.p99,
          rate: step.target_comments_per_second,
        }
      : null;
  const met =
    faults === null || !step
      ? null
      : faults.share >= SLA_SHARE && loadBound !== null && loadBound.share >= SLA_SHARE;
  return { faults, loadBound, met };
}

/** The "SLA 99 %" answer: availability under the fault drill and at the doc's rate, and losses under kill -9. */
export function availabilityCell(w: Writer, x: DocInputs): string {
  const { L } = w;
  const { faults, loadBound } = availability(x);
  const sla = `${SLA_MS / 1000} ${L('s', 'с')}`;
  const parts = [
    faults
      ? L(
          `receiver fault drill (replies API failing 40 % of calls, ${w.int(faults.requests)} comments in one burst): ${w.pct(faults.share)} answered within ${faults.slaMs / 1000} s, median answer ${w.num((faults.p50Ms ?? NaN) / 1000, 1)} s ${w.by('faults')}`,
          `учение с отказами получателя (API ответов отказывает в 40 % вызовов, ${w.int(faults.requests)} комментариев одной пачкой): ответ за ${faults.slaMs / 1000} с получили ${w.pct(faults.share)}, медиана ответа ${w.num((faults.p50Ms ?? NaN) / 1000, 1)} с ${w.by('faults')}`,
        )
      : w.missing('faults'),
    loadBound
      ? L(
          `at ${w.int(loadBound.rate)} comments/s: ${w.int(loadBound.finished)} of ${w.int(loadBound.requests)} final, P99 ${loadBound.p99Ms} ms, so ≥ ${w.pct(loadBound.share)} within ${sla} ${w.by('load')}`,
          `при ${w.int(loadBound.rate)} комментариях/с: ${w.int(loadBound.finished)} из ${w.int(loadBound.requests)} обработаны, P99 ${loadBound.p99Ms} мс, значит ≥ ${w.pct(loadBound.share)} за ${sla} ${w.by('load')}`,
        )
      : x.load
        ? L(
            `at the doc's rate P99 exceeds ${sla} ${w.by('load')}`,
            `при скорости из документа P99 больше ${sla} ${w.by('load')}`,
          )
        : w.missing('load'),
    x.crash
      ? L(
          `${x.crash.trials} kill -9 drills: lost ${x.crash.lost} of ${w.int(x.crash.accepted)} ${w.by('crash')}`,
          `${x.crash.trials} аварийных остановок kill -9: потеряно ${x.crash.lost} из ${w.int(x.crash.accepted)} ${w.by('crash')}`,
        )
      : w.missing('crash'),
  ];
  return parts.join('; ');
}
