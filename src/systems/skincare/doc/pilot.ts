import type { DocInputs } from './inputs.ts';
import type { FunnelStep } from '../contracts.ts';
import { OPTIONAL_FUNNEL_STEPS } from '../pilot/funnel.ts';
import { pctCi, table, withCi, type Writer } from './format.ts';

/** A funnel as 'started 100 % → (photo_accepted 80 %, optional) → questionnaire 95 % → …'. */
function funnelLine(
  w: Writer,
  steps: readonly { step: string; from_start: { rate: number | null } | null }[],
): string {
  return steps
    .map((s) => {
      const text = `${s.step} ${s.from_start ? w.pct(s.from_start.rate, 0) : '–'}`;
      return OPTIONAL_FUNNEL_STEPS.has(s.step as FunnelStep)
        ? `(${text}, ${w.L('optional', 'необязательно')})`
        : text;
    })
    .join(' → ');
}

/** Section 3: the pilot — its design, formal success criteria, and the simulated dry run. */
export function pilotSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const p = x.pilot;
  const m = p?.metrics;
  const arms = m ? Object.keys(m.users.started).sort() : [];
  const armName = (a: string) =>
    a === 'A' ? L('A (rule-based)', 'A (правила)') : a === 'B' ? L('B (model)', 'B (модель)') : a;
  return [
    w.heading('3'),
    w.heading('3.1'),
    L(
      '- **Design.** A user-level A/B test through the platform\'s experiments (a stable hash of the user id, exposures logged): **A** = the rule-based baseline (category + skin type + rating, the same safety rules), **B** = the model (suitability × actives × Bayesian rating, MMR, explanations). The unit is the user; a user\'s satisfaction is the mean of their scores.\n- **Metrics.** Active users per week (a routine or a score in the week); mean satisfaction (1–10) with a Student t interval and a one-sided test against 7.5, per arm and B − A (Welch); the funnel started → (photo accepted, optional) → questionnaire → routine → feedback with Wilson intervals — the photo may be skipped (the page\'s "Continue without a photo", the bot\'s "Skip the photo, just answer the questions", the API without `analysis_id`), so each required step counts the users who also reached every earlier required step and its conversion is measured from the previous required step, not from the photo; photo accepted is a branch counted out of the started users, and a user who skipped it still counts at questionnaire, routine and feedback; photo rejection rate by failed check; partner brands in the first month. Report: `mlsd skincare pilot`; panel: `/dashboard/skincare`.\n- **Size.** n = 16σ²/δ² users per arm to detect δ = 0.5 points (α 0.05, power 0.8).',
      '- **Дизайн.** A/B-тест на уровне пользователя через эксперименты платформы (стабильный хеш id пользователя, экспозиции логируются): **A** = бейзлайн на правилах (категория + тип кожи + рейтинг, те же правила безопасности), **B** = модель (пригодность × активы × байесовский рейтинг, MMR, объяснения). Единица — пользователь; его удовлетворённость — среднее его оценок.\n- **Метрики.** Активные пользователи в неделю (уход или оценка за неделю); средняя удовлетворённость (1–10) с t-интервалом и односторонним тестом против 7,5 по руке и B − A (Уэлч); воронка старт → (фото принято, необязательно) → анкета → уход → оценка с интервалами Уилсона — фото можно пропустить (кнопка «Continue without a photo» на странице, «Без фото, только вопросы» в боте, API без `analysis_id`), поэтому каждый обязательный шаг считает пользователей, прошедших и все предыдущие обязательные шаги, а его конверсия считается от предыдущего обязательного шага, а не от фото; «фото принято» — ответвление, считаемое от начавших, и пропустивший фото пользователь учитывается на анкете, уходе и оценке; доля отклонённых фото по причинам; бренды-партнёры за первый месяц. Отчёт: `mlsd skincare pilot`; панель: `/dashboard/skincare`.\n- **Размер.** n = 16σ²/δ² пользователей на руку, чтобы заметить δ = 0,5 балла (α 0,05, мощность 0,8).',
    ),
    '',
    w.heading('3.2'),
    L(
      'More than 20 active users after a week; mean satisfaction ≥ 7.5 — read as "the one-sided 95 % lower bound clears 7.5", not just the mean; at least one brand partner in the first month. **No real pilot has run**: these criteria are unmeasured for real users. Below is a **simulated** dry run that exercises the whole measurement chain.',
      'Больше 20 активных пользователей через неделю; средняя удовлетворённость ≥ 7,5 — в смысле «односторонняя 95 % нижняя граница выше 7,5», а не просто среднее; хотя бы один бренд-партнёр в первый месяц. **Реальный пилот не проводился**: для реальных пользователей эти критерии не измерены. Ниже — **симулированный** прогон, который проверяет всю цепочку измерений.',
    ),
    '',
    p && m
      ? [
          L(
            `**SIMULATED** ${w.by('pilot')}: ${w.int(p.simulation.users)} seeded simulated users (seed ${p.seed}) went through the real service — consent, the real photo analysis of sample portraits and of spoilt ones, both rankers, 1–10 scores drawn from an **assumption** (a routine scores higher the more of the user's goals its actives serve). So B − A measures goal coverage under that assumption, not what people would say. ${w.int(p.simulation.photos_sent)} photos sent, ${w.int(p.simulation.photos_rejected)} refused by the gate; ${w.int(p.simulation.routines)} routines, ${w.int(p.simulation.referrals)} red-flag referrals, ${w.int(p.simulation.scores)} scores. Users per arm: ${arms.map((a) => `${a} ${m.users.started[a]}`).join(', ')} (split check p = ${w.num(m.users.srm_p_value, 3)}).`,
            `**СИМУЛЯЦИЯ** ${w.by('pilot')}: ${w.int(p.simulation.users)} симулированных пользователей (seed ${p.seed}) прошли через настоящий сервис — согласие, настоящий анализ фото образцов и испорченных фото, оба ранжировщика, оценки 1–10 по **допущению** (уход оценивается выше, чем больше целей пользователя закрывают его активы). Поэтому B − A измеряет покрытие целей при этом допущении, а не мнение людей. Отправлено фото: ${w.int(p.simulation.photos_sent)}, отклонено фильтром: ${w.int(p.simulation.photos_rejected)}; уходов ${w.int(p.simulation.routines)}, направлений к врачу ${w.int(p.simulation.referrals)}, оценок ${w.int(p.simulation.scores)}. Пользователей по рукам: ${arms.map((a) => `${a} ${m.users.started[a]}`).join(', ')} (проверка разбиения p = ${w.num(m.users.srm_p_value, 3)}).`,
          ),
          '',
          table(
            [
              L('arm (simulated)', 'рука (симуляция)'),
              L('rated users', 'оценивших'),
              L('mean satisfaction [95 % CI]', 'средняя удовлетворённость [95 % ДИ]'),
              L('p (μ ≤ 7.5)', 'p (μ ≤ 7,5)'),
              L('active users week 1', 'активных за неделю 1'),
            ],
            arms.map((a) => {
              const s = m.satisfaction.by_arm[a];
              return [
                armName(a),
                s ? w.int(s.users) : '–',
                s ? withCi(w, s.mean, s.ci, 2) : '–',
                s ? s.p_value_above_target.toExponential(1) : '–',
                w.int(m.active_users.weeks[0]?.by_arm[a]),
              ];
            }),
          ),
          '',
          ...Object.entries(m.satisfaction.differences).map(([arm, d]) =>
            L(
              `- Simulated ${arm} − A: ${withCi(w, d.difference, d.ci, 2)} points (Welch, p = ${w.num(d.p_value, 4)}). Detecting δ = ${m.satisfaction.power.delta} with the observed σ² = ${w.num(m.satisfaction.power.variance, 2)} needs n = 16σ²/δ² = **${m.satisfaction.power.rule_of_thumb_n_per_arm} users per arm**.`,
              `- Симуляция, ${arm} − A: ${withCi(w, d.difference, d.ci, 2)} балла (Уэлч, p = ${w.num(d.p_value, 4)}). Чтобы заметить δ = ${m.satisfaction.power.delta} при наблюдаемой σ² = ${w.num(m.satisfaction.power.variance, 2)}, нужно n = 16σ²/δ² = **${m.satisfaction.power.rule_of_thumb_n_per_arm} пользователей на руку**.`,
            ),
          ),
          L(
            `- Simulated funnel, share of started users reaching each step: ${arms
              .map((a) => `${a}: ${funnelLine(w, m.funnel.by_arm[a] ?? [])}`)
              .join(
                '; ',
              )}. Photo rejection rate ${pctCi(w, m.photo_quality.overall.rejection_rate.rate, m.photo_quality.overall.rejection_rate.ci)}.`,
            `- Симулированная воронка, доля начавших, дошедших до шага: ${arms
              .map((a) => `${a}: ${funnelLine(w, m.funnel.by_arm[a] ?? [])}`)
              .join(
                '; ',
              )}. Доля отклонённых фото ${pctCi(w, m.photo_quality.overall.rejection_rate.rate, m.photo_quality.overall.rejection_rate.ci)}.`,
          ),
          L(
            `- The monitor caught the simulated camera change (an app update that blurs photos from day 9): ${p.monitoring.alerts.length} alert(s)${p.monitoring.alerts[0] ? ` — "${p.monitoring.alerts[0].message}"` : ''}. Full report: \`docs/skincare/pilot.md\`.`,
            `- Монитор поймал симулированную смену камеры (обновление приложения, размывающее фото с 9-го дня): алертов ${p.monitoring.alerts.length}${p.monitoring.alerts[0] ? ` — «${p.monitoring.alerts[0].message}»` : ''}. Полный отчёт: \`docs/skincare/pilot.md\`.`,
          ),
        ].join('\n')
      : w.missing('pilot'),
    '',
    w.heading('3.3'),
    L(
      'Compute measured on this machine (2 shared cores) in section 4.3: the routine is computed in-process in milliseconds, the photo analysis (face detection + mesh on WASM) is the heavy step. A pilot of a few hundred users a week fits one small machine with room to spare; the simulated pilot above ran end to end on it.',
      'Вычисления измерены на этой машине (2 общих ядра) в разделе 4.3: уход считается в процессе за миллисекунды, тяжёлый шаг — анализ фото (детекция лица + сетка на WASM). Пилот на несколько сотен пользователей в неделю с запасом помещается на одну небольшую машину; симулированный пилот выше прошёл на ней целиком.',
    ),
    '',
  ].join('\n');
}
