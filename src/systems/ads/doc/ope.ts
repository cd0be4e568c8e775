import type { DocInputs } from './inputs.ts';
import { OPE_ESTIMATORS } from './inputs.ts';
import { table, withCi, type Writer } from './format.ts';

/** Stage 4 of section 2.3: off-policy estimators against the logs' natural truth. */
export function opeStage(w: Writer, x: DocInputs): string {
  const { L } = w;
  const o = x.ope;
  const head = L(
    '**Stage 4 — off-policy evaluation against its natural truth**',
    '**Этап 4 — off-policy оценка против естественной истины**',
  );
  if (!o) return [head, '', w.missing('ope'), ''].join('\n');
  const first = o.runs[0]!;
  const held = (name: (typeof OPE_ESTIMATORS)[number]) =>
    o.runs.filter((r) => r.estimators[name].ci_holds_truth).length;
  return [
    `${head} ${w.by('ope')}.`,
    '',
    L(
      `- **Protocol:** the two logs of a campaign were collected at the same time by two policies, so each is the other's truth. BTS's click rate is estimated from the uniform-random log and compared with the BTS log's own; the random policy's (known) rate is estimated from the BTS log. The evaluation policy "BTS": ${first.evaluation_policy.description}. Reward model for DM and the DR family: cross-fitted over ${o.settings.folds} folds; Switch-DR τ = ${o.settings.tau}, DRos λ = ${o.settings.lambda}; CIs: ${w.int(o.settings.bootstrap)} bootstrap resamples.`,
      `- **Протокол:** два лога одной кампании собраны в одно время двумя политиками, поэтому каждый — истина для другого. Долю кликов BTS оценивают по равномерно-случайному логу и сравнивают с собственной долей лога BTS; (известную) долю случайной политики оценивают по логу BTS. Оцениваемая политика «BTS»: эмпирическая частота каждого объекта на каждой позиции в логе BTS той же кампании. Модель награды для DM и семейства DR: кросс-фиттинг на ${o.settings.folds} фолдах; Switch-DR τ = ${o.settings.tau}, DRos λ = ${o.settings.lambda}; ДИ: ${w.int(o.settings.bootstrap)} бутстрэп-повторов.`,
    ),
    '',
    table(
      [
        L('behaviour → evaluated', 'лог → оцениваемая'),
        L('truth (95 % CI)', 'истина (95 % ДИ)'),
        ...OPE_ESTIMATORS,
      ],
      o.runs.map((r) => [
        `${r.campaign}: ${r.behavior} → ${r.evaluation}`,
        withCi(w, r.truth, 4),
        ...OPE_ESTIMATORS.map(
          (k) => `${w.num(r.estimators[k].value, 4)} (${w.num(r.estimators[k].relative_error, 2)})`,
        ),
      ]),
    ),
    '',
    L(
      'Cells: estimate (relative error |value − truth| / truth).',
      'В ячейках: оценка (относительная ошибка |оценка − истина| / истина).',
    ),
    '',
    table(
      [L('mean relative error', 'средняя отн. ошибка'), ...OPE_ESTIMATORS],
      [
        [
          L('ours, four runs', 'наша, четыре прогона'),
          ...OPE_ESTIMATORS.map((k) => w.num(o.mean_relative_error.all_four[k], 3)),
        ],
        [
          L('OBP published, its "all" sample (not ours)', 'опубликовано OBP, его выборка «all» (не наша)'),
          ...OPE_ESTIMATORS.map((k) => w.num(o.peers.obp_published.mean_relative_error[k], 3)),
        ],
        [
          L('runs whose CI holds the truth', 'прогонов, где ДИ содержит истину'),
          ...OPE_ESTIMATORS.map((k) => `${held(k)} / ${o.runs.length}`),
        ],
      ],
    ),
    '',
    L(
      `- **Noise floor:** the truth is itself a 10,000-impression rate with ${o.runs.map((r) => r.truth.clicks).join(', ')} clicks — relative standard error ${o.runs.map((r) => w.pct(r.truth.relative_standard_error, 0)).join(', ')}: relative errors below ~25–30 % are within the truth's own noise. Estimator pairs whose paired-bootstrap error difference excludes 0: ${o.runs.reduce((s, r) => s + r.real_differences.length, 0)} over all runs — at this size none of the estimators is demonstrably better than another. From the BTS log the importance weights reach ${w.int(Math.max(...o.runs.map((r) => r.importance_weights.max)))} (propensities down to 1e-6), which is where IPW and DR break down and the shrinking estimators (DRos, clipping) hold.`,
      `- **Уровень шума:** истина сама — доля по 10 000 показов с ${o.runs.map((r) => r.truth.clicks).join(', ')} кликами, относительная стандартная ошибка ${o.runs.map((r) => w.pct(r.truth.relative_standard_error, 0)).join(', ')}: относительные ошибки ниже ~25–30 % — в пределах шума самой истины. Пар оценщиков, у которых парный бутстрэп разницы ошибок не содержит 0: ${o.runs.reduce((s, r) => s + r.real_differences.length, 0)} по всем прогонам — при таком объёме ни один оценщик не лучше другого доказуемо. По логу BTS веса важности доходят до ${w.int(Math.max(...o.runs.map((r) => r.importance_weights.max)))} (пропенсити до 1e-6): здесь IPW и DR ломаются, а сжимающие оценщики (DRos, клиппинг) держатся.`,
    ),
    '',
  ].join('\n');
}
