import type { DocInputs } from './inputs.ts';
import type { Writer } from './format.ts';

/** The risk table of section 4.8: each risk with its consequence, the action, and what proves it. */
export function riskRows(w: Writer, x: DocInputs): string[][] {
  const { L } = w;
  const c = x.crash;
  const crashProof = c
    ? L(
        `crash drill ${w.by('crash')}: ${c.sqlite.trials} kill -9 trials on SQLite, ${w.int(c.sqlite.acked_events)} acknowledged events, lost ${c.sqlite.lost}, counted twice ${c.sqlite.counted_twice}, not learnt ${c.sqlite.not_learnt}${'trials' in c.postgres ? `; PostgreSQL ${c.postgres.trials} trials, lost ${c.postgres.lost}, counted twice ${c.postgres.counted_twice}` : ''}`,
        `учения с падением ${w.by('crash')}: ${c.sqlite.trials} прогонов kill -9 на SQLite, ${w.int(c.sqlite.acked_events)} подтверждённых событий, потеряно ${c.sqlite.lost}, учтено дважды ${c.sqlite.counted_twice}, не выучено ${c.sqlite.not_learnt}${'trials' in c.postgres ? `; PostgreSQL ${c.postgres.trials} прогона, потеряно ${c.postgres.lost}, дважды ${c.postgres.counted_twice}` : ''}`,
      )
    : w.missing('crash');
  return [
    [
      L('a crash between an event and what is learnt from it', 'падение между событием и обучением на нём'),
      L(
        'lost or double-counted clicks; a posterior that drifts from the log',
        'потерянные или дважды учтённые клики; апостериор расходится с логом',
      ),
      L(
        'the event row and the bandit update commit in one transaction; `event_id` unique',
        'строка события и обновление бандита — одна транзакция; `event_id` уникален',
      ),
      crashProof,
    ],
    [
      L(
        'events out of order or repeated (retries, a click before its impression, a second close)',
        'события не по порядку или повторно (ретраи, клик до показа, второе закрытие)',
      ),
      L('double counting; inflated CTR', 'двойной учёт; завышенный CTR'),
      L(
        'idempotent on `event_id`; wrong order → 409 with a sentence, never counted',
        'идемпотентность по `event_id`; неверный порядок → 409 с объяснением, без учёта',
      ),
      '`test/systems/ads/service/`',
    ],
    [
      L('tiny propensities in the log (down to 1e-6)', 'крошечные пропенсити в логе (до 1e-6)'),
      L(
        'off-policy estimates dominated by a few rows',
        'off-policy оценки определяются несколькими строками',
      ),
      L(
        'weight clipping, self-normalised and shrinking estimators (SNIPW, SNDR, DRos); ESS reported beside every estimate',
        'клиппинг весов, самонормированные и сжимающие оценщики (SNIPW, SNDR, DRos); ESS рядом с каждой оценкой',
      ),
      w.cite('ope', x.ope, 'section 2.3, stage 4', 'раздел 2.3, этап 4'),
    ],
    [
      L(
        'too few clicks to tell policies apart (~50 per 10,000 impressions)',
        'слишком мало кликов, чтобы различить политики (~50 на 10 000 показов)',
      ),
      L('shipping a policy on noise', 'выкатить политику по шуму'),
      L(
        'every rate with a CI; a verdict only when the CI of the difference excludes 0; an online A/B with a size computed in advance',
        'каждая доля с ДИ; вердикт — только когда ДИ разницы не содержит 0; онлайн A/B с заранее рассчитанным объёмом',
      ),
      w.cite('policies', x.policies, 'section 2.3, stage 3', 'раздел 2.3, этап 3'),
    ],
    [
      L('a banner shown again and again; closes', 'баннер показывают снова и снова; закрытия'),
      L(
        'annoyed users engage less; revenue falls',
        'раздражённые пользователи меньше вовлекаются; выручка падает',
      ),
      L(
        'frequency cap (`ADS_FREQUENCY_CAP`); a closed banner is not re-shown to that user; close-aware value',
        'ограничение частоты (`ADS_FREQUENCY_CAP`); закрытый баннер этому пользователю не показывается; ценность с учётом закрытий',
      ),
      w.cite('simulate', x.simulate, 'SIMULATED, section 3.2', 'СИМУЛЯЦИЯ, раздел 3.2'),
    ],
    [
      L('click rates drift; context features drift', 'доли кликов дрейфуют; признаки контекста дрейфуют'),
      L(
        "a stale posterior keeps showing yesterday's winner",
        'устаревший апостериор продолжает показывать вчерашнего победителя',
      ),
      L(
        'discounted counts (γ); PSI drift windows on the context; CTR-drop and calibration alerts',
        'дисконтированные счётчики (γ); окна дрейфа PSI по контексту; алерты на падение CTR и калибровку',
      ),
      '`test/systems/ads/monitoring/`',
    ],
    [
      L('a new banner has no data (cold start)', 'у нового баннера нет данных (холодный старт)'),
      L('never shown, or shown too much', 'не показывается никогда или слишком часто'),
      L(
        'a new banner starts from a prior (`ADS_PRIOR_CTR`, `ADS_PRIOR_STRENGTH`) and Thompson sampling explores it',
        'новый баннер начинает с априорного распределения (`ADS_PRIOR_CTR`, `ADS_PRIOR_STRENGTH`), Thompson sampling его исследует',
      ),
      '`test/ml/bandits/`',
    ],
    [
      L('leakage: a training row sees its own future', 'утечка: обучающая строка видит своё будущее'),
      L('offline metrics that do not hold online', 'офлайн-метрики, которые не держатся онлайн'),
      L(
        'one point-in-time code path for training and serving (features as of strictly before each event)',
        'один код признаков на момент времени для обучения и для сервиса (признаки строго до каждого события)',
      ),
      '`test/systems/ads/features/`',
    ],
  ];
}
