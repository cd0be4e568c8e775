import type { DocInputs } from './inputs.ts';
import { excludesZero, requirementsTable, withCi, type Writer } from './format.ts';
import { decideTargetsMet } from './sla.ts';

/** The decide latency targets still open (section 4.3), as a sentence; empty when all are met. */
function decideLatencyDebt(x: DocInputs): { en: string; ru: string } {
  const met = decideTargetsMet(x);
  if (!met)
    return {
      en: ' Decide latency: not measured yet (section 4.3).',
      ru: ' Задержка decide: ещё не измерена (раздел 4.3).',
    };
  const open = [
    !met.sqlite && ['SQLite', 'SQLite'],
    met.postgres === false && ['PostgreSQL + Redis', 'PostgreSQL + Redis'],
  ].filter((v): v is string[] => Array.isArray(v));
  if (open.length === 0) return { en: '', ru: '' };
  return {
    en: ` Still open: the decide P99 target on ${open.map((o) => o[0]).join(' and ')} (section 4.3).`,
    ru: ` Ещё открыто: цель P99 для decide на ${open.map((o) => o[1]).join(' и ')} (раздел 4.3).`,
  };
}

/** Section 1: goals and premises. */
export function goalsSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const sim = x.simulate;
  const diff = sim?.close_aware_minus_click_only;
  const latencyDebt = decideLatencyDebt(x);
  return [
    w.heading('1'),
    w.heading('1.1'),
    L(
      '- **Business goal.** Earn the most from banner space in a mobile app. A click pays a fixed price (CPC), so the target is revenue per 1,000 impressions (RPM) = 1,000 · CPC · CTR — without driving users away.',
      '- **Бизнес-цель.** Максимум выручки с баннерного места в мобильном приложении. Клик оплачивается по фиксированной цене (CPC), поэтому цель — выручка на 1 000 показов (RPM) = 1 000 · CPC · CTR, и без того, чтобы отпугнуть пользователей.',
    ),
    L(
      '- **Why ML makes it better.** A fixed rotation shows every banner equally, whatever the user; a model of the click probability per user, banner and position, with a policy that keeps exploring, shows each user what they are likely to click — and learns from every event.',
      '- **Почему ML.** Фиксированная ротация показывает все баннеры поровну, кем бы ни был пользователь; модель вероятности клика по пользователю, баннеру и позиции вместе с политикой, которая продолжает исследовать, показывает каждому то, на что он скорее нажмёт, и учится на каждом событии.',
    ),
    L(
      '- **Success of this iteration.** A service that decides in milliseconds and learns online without losing or double-counting an event; off-policy estimates of every policy on real logged data, with CIs; and, for the refined version (repeat shows, the close "X"), a close-aware policy that earns more than click-only in simulation with a CI that excludes 0.',
      '- **Успех итерации.** Сервис, который решает за миллисекунды и учится онлайн, не теряя и не считая дважды ни одного события; off-policy оценки каждой политики на реальных логах, с ДИ; и для уточнённой версии (повторные показы, крестик «X») политика, учитывающая закрытия, зарабатывает в симуляции больше, чем «только клики», с ДИ, не содержащим 0.',
    ),
    '',
    w.heading('1.2'),
    requirementsTable(w, [
      [
        L(
          'maximise revenue at a fixed price per click',
          'максимизировать выручку при фиксированной цене клика',
        ),
        L(
          'policies rank banners by CPC · p_click; revenue per 1,000 impressions is the online metric',
          'политики ранжируют баннеры по CPC · p_click; выручка на 1 000 показов — онлайн-метрика',
        ),
        x.policies
          ? L(
              `${x.policies.verdict_counts.vs_bts_log.beats} of the policies beat the logged BTS policy with confidence on 10,000-row logs ${w.by('policies')}`,
              `политик, уверенно обыгрывающих залогированную BTS на логах по 10 000 строк: ${x.policies.verdict_counts.vs_bts_log.beats} ${w.by('policies')}`,
            )
          : w.missing('policies'),
      ],
      [
        L(
          'a banner may be shown repeatedly; a close "X" is a negative signal',
          'баннер может показываться повторно; клик по «X» — негативный сигнал',
        ),
        L(
          'close-aware value CPC · p_click − p_close · L(u); a closed banner is never re-shown to that user; frequency cap',
          'ценность с учётом закрытий CPC · p_click − p_close · L(u); закрытый баннер этому пользователю больше не показывается; ограничение частоты',
        ),
        diff
          ? L(
              `SIMULATED: close-aware − click-only = ${withCi(w, diff, 3)} revenue per 1,000 impressions over ${sim.seeds} seeds (${excludesZero(diff) ? 'CI excludes 0' : 'CI includes 0'}) ${w.by('simulate')}`,
              `СИМУЛЯЦИЯ: с учётом закрытий − только клики = ${withCi(w, diff, 3)} выручки на 1 000 показов по ${sim.seeds} зернам (${excludesZero(diff) ? 'ДИ не содержит 0' : 'ДИ содержит 0'}) ${w.by('simulate')}`,
            )
          : w.missing('simulate'),
      ],
    ]),
    '',
    L(
      '- **Pilot business process.** The app asks `POST /v1/ads/decide` for a banner per slot and reports `impression`, `click` and `close` events to `POST /v1/ads/events`; users are split by a stable hash between the bandit and a uniform-random control; the business manages banners (add, pause, retire) through `/v1/ads/banners`.',
      '- **Бизнес-процесс пилота.** Приложение запрашивает баннер на слот через `POST /v1/ads/decide` и сообщает события `impression`, `click`, `close` в `POST /v1/ads/events`; пользователи стабильным хешем делятся между бандитом и равномерно-случайным контролем; бизнес управляет баннерами (добавить, приостановить, снять) через `/v1/ads/banners`.',
    ),
    L(
      '- **Growth paths.** Prices per banner (CPC bids) instead of one price; a second model for p_close trained on real closes; field-aware factorisation machines once there are thousands of clicks; slates ranked jointly.',
      '- **Пути развития.** Своя цена клика у каждого баннера (ставки) вместо одной; отдельная модель p_close, обученная на реальных закрытиях; факторизационные машины, когда кликов станут тысячи; совместное ранжирование слотов.',
    ),
    '',
    w.heading('1.3', 'Что входит и не входит в скоуп'),
    L(
      '- **In:** the simplified version (one price per click, pick the banner) on real logged data; the refined version (repeat shows, the close "X") in a simulator, because no public log has closes; the online service with learning, banner management, an experiment, monitoring and a dashboard panel.',
      '- **Входит:** упрощённая версия (одна цена клика, выбрать баннер) на реальных логах; уточнённая версия (повторные показы, крестик «X») в симуляторе, потому что ни в одном публичном логе нет закрытий; онлайн-сервис с обучением, управлением баннерами, экспериментом, мониторингом и панелью.',
    ),
    L(
      '- **Out:** image content of the banners (the OBD items come with hashed features only); bidding and budgets; real closes (the close-aware numbers are simulated and labelled so).',
      '- **Не входит:** содержимое картинок баннеров (у объектов OBD есть только хешированные признаки); ставки и бюджеты; реальные закрытия (цифры по закрытиям — симуляция, так и помечены).',
    ),
    L(
      `- **Technical debt, planned:** the close probability is estimated from counts per banner and repetition, not by a feature model; p_close is a second head the CTR model does not have yet.${latencyDebt.en} One state row per store still serialises learning on PostgreSQL, once per group commit of events.`,
      `- **Плановый техдолг:** вероятность закрытия оценивается по счётчикам на баннер и число повторов, а не моделью по признакам; второй «головы» p_close у CTR-модели пока нет.${latencyDebt.ru} Одна строка состояния на хранилище по-прежнему сериализует обучение на PostgreSQL — раз на групповой коммит событий.`,
    ),
    '',
    w.heading('1.4'),
    L(
      "- **Data blocks:** the Open Bandit Dataset sample — 7 days of real ZOZOTOWN impressions (late November 2019), 3 positions, each row with the logging policy's propensity, two logging policies (uniform random, Bernoulli Thompson sampling); Criteo and Avazu samples exercise the feature pipeline on other schemas.",
      '- **Блоки данных:** выборка Open Bandit Dataset — 7 дней реальных показов ZOZOTOWN (конец ноября 2019), 3 позиции, у каждой строки пропенсити логирующей политики, две логирующие политики (равномерно-случайная и бернуллиевский Thompson sampling); выборки Criteo и Avazu проверяют конвейер признаков на других схемах.',
    ),
    L(
      '- **Granularity and horizon:** one impression is one decision; models learn event by event; evaluation is split by time (first days learn, later days judge), because that is how the service meets the future.',
      '- **Гранулярность и горизонт:** один показ — одно решение; модели учатся событие за событием; оценка разбита по времени (первые дни учат, последующие судят), потому что так сервис встречает будущее.',
    ),
    '',
  ].join('\n');
}
