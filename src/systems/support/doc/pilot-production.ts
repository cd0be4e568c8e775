import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';
import { requirementsTable, riskRows } from './requirements-risks.ts';
import { cores } from './sla.ts';

/** Section 3: the pilot. */
export function pilotSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const p = x.pilot;
  const a = p?.analysis;
  const lines = [
    w.heading('3'),
    w.heading('3.1'),
    L(
      '- A/B test with the user as the unit: murmur3(salt:user) → arm A (v0: every comment treated as sad) or B (the model), 50/50 (`config/support-pilot.json`). Both arms share the language filter, unsubscribes and the 24 h cooldown, so only the classifier differs.',
      '- A/B-тест, единица — пользователь: murmur3(соль:пользователь) → группа A (v0: каждый комментарий считается грустным) или B (модель), 50/50 (`config/support-pilot.json`). В обеих группах одинаковы языковой фильтр, отписки и пауза 24 ч, различается только классификатор.',
    ),
    L(
      '- Primary metric: share of sent messages marked helpful (two-proportion z-test, Wilson CIs, delta-method CI of the lift). Guardrails: unsubscribe rate, messages per user, latency. Holm correction across the three; sample-ratio-mismatch check; an always-valid p-value (mSPRT) so the pilot can be watched daily.',
      '- Основная метрика: доля отправленных сообщений, отмеченных полезными (z-тест двух долей, интервалы Уилсона, дельта-метод для лифта). Контрольные метрики: доля отписок, сообщений на пользователя, задержка. Поправка Холма на три теста; проверка SRM; всегда валидное p-значение (mSPRT), чтобы смотреть на пилот каждый день.',
    ),
    '',
    w.heading('3.2'),
    L(
      "- Every answer within 10 s (P99 accepted → delivered); B's helpful share above A's with Holm-adjusted p < 0.05; unsubscribe rate in B not significantly worse; no sample-ratio mismatch (p ≥ 0.001).",
      '- Каждый ответ быстрее 10 с (P99 от приёма до доставки); доля полезных в B выше, чем в A, с поправленным по Холму p < 0,05; доля отписок в B не хуже значимо; нет SRM (p ≥ 0,001).',
    ),
    '',
  ];
  if (!a) return [...lines, w.missing('pilot'), ''].join('\n');
  const B = a.primary.arms[1];
  lines.push(
    L(
      `**Result — a simulation on real labeled comments** ${w.by('pilot')}: ${w.int(p.simulation.comments)} GoEmotions comments replayed through the real service by ${w.int(p.simulation.users)} simulated users over ${p.simulation.days} days; reactions depend on the true label (helpful with p = ${p.simulation.parameters.helpfulIfNeeded} when support was needed). Verdict: **${a.verdict.success ? 'success' : 'not a success'}**.`,
      `**Результат — симуляция на реальных размеченных комментариях** ${w.by('pilot')}: ${w.int(p.simulation.comments)} комментариев GoEmotions прогнаны через настоящий сервис ${w.int(p.simulation.users)} смоделированными пользователями за ${p.simulation.days} дней; реакция зависит от истинной метки (полезно с p = ${p.simulation.parameters.helpfulIfNeeded}, если поддержка была нужна). Вердикт: **${a.verdict.success ? 'успех' : 'не успех'}**.`,
    ),
    '',
    table(
      [
        L('arm', 'группа'),
        L('users', 'пользователи'),
        L('messages', 'сообщения'),
        L('helpful share (95 % CI)', 'доля полезных (95 % ДИ)'),
        L('unsubscribed', 'отписались'),
        'P99',
      ],
      a.arms.map(
        (arm: { name: string; users: number; messages: number; unsubscribed: number }, i: number) => {
          const r = a.primary.arms[i];
          return [
            arm.name,
            w.int(arm.users),
            w.int(arm.messages),
            `${w.pct(r.rate)} [${w.pct(r.ci[0])}, ${w.pct(r.ci[1])}]`,
            w.int(arm.unsubscribed),
            `${a.latency[arm.name]?.p99_ms ?? '–'} ${L('ms', 'мс')}`,
          ];
        },
      ),
    ),
    '',
    L(
      `Lift of B over A: ${w.pct(B.lift)} [${w.pct(B.lift_ci[0])}, ${w.pct(B.lift_ci[1])}], p = ${B.p_value.toExponential(1)}, MDE ${w.pct(B.mde)}; SRM p = ${w.num(a.srm_p_value)}. Full report: [pilot-report.md](pilot-report.md).`,
      `Лифт B относительно A: ${w.pct(B.lift)} [${w.pct(B.lift_ci[0])}, ${w.pct(B.lift_ci[1])}], p = ${B.p_value.toExponential(1)}, MDE ${w.pct(B.mde)}; SRM p = ${w.num(a.srm_p_value)}. Полный отчёт: [pilot-report.md](pilot-report.md).`,
    ),
    '',
    w.heading('3.3'),
    L(
      `- Sample size: with the control rate ${w.pct(a.power.control_rate)}, detecting +${a.power.delta * 100} points needs ${w.int(a.power.exact_n_per_arm)} messages per arm (exact formula); the rule of thumb 16·σ²/δ² gives ${w.int(a.power.rule_of_thumb_n_per_arm)}.`,
      `- Размер выборки: при доле в контроле ${w.pct(a.power.control_rate)} для обнаружения +${a.power.delta * 100} п.п. нужно ${w.int(a.power.exact_n_per_arm)} сообщений на группу (точная формула); правило 16·σ²/δ² даёт ${w.int(a.power.rule_of_thumb_n_per_arm)}.`,
    ),
    x.speed
      ? L(
          `- Compute, measured on the baseline first: the pilot simulation and the benchmarks ran on one machine (the speed benchmark recorded ${cores(w, x.speed.machine.cores)}); the model scores ${w.int(x.speed.scoring.per_second.model_predict)} comments/s per core with language identification ${w.by('speed')}, so the doc's 100 requests/s needs a small fraction of one core.`,
          `- Вычисления, сначала измеренные на бейзлайне: симуляция пилота и бенчмарки шли на одной машине (бенчмарк скорости записал: на ${cores(w, x.speed.machine.cores)}); модель обрабатывает ${w.int(x.speed.scoring.per_second.model_predict)} комментариев/с на ядро вместе с определением языка ${w.by('speed')}, так что 100 запросов/с из документа занимают малую долю одного ядра.`,
        )
      : w.missing('speed'),
    '',
  );
  return lines.join('\n');
}

/** Section 4: production. */
export function productionSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const load = x.load;
  const endpoints: [string, string, string][] = [
    [
      'POST /v1/comments',
      L(
        'one comment or up to 1,000; 202 once stored; idempotent on comment_id (the same id with other content: 409)',
        'один комментарий или до 1000; 202 после записи; идемпотентно по comment_id (тот же id с другим содержимым: 409)',
      ),
      L('incoming comments', 'входящие комментарии'),
    ],
    [
      'GET /v1/comments/:id',
      L(
        'state, probabilities, decision, explanation, message',
        'состояние, вероятности, решение, объяснение, сообщение',
      ),
      L('clients, support staff', 'клиенты, поддержка'),
    ],
    [
      'POST $SUPPORT_WEBHOOK_URL',
      L(
        'outgoing: {comment_id, user_id, message, emotion, model_version}, Idempotency-Key',
        'исходящий: {comment_id, user_id, message, emotion, model_version}, Idempotency-Key',
      ),
      L('replies API (SUPPORT_WEBHOOK_URL)', 'API ответов (SUPPORT_WEBHOOK_URL)'),
    ],
    [
      'POST /v1/feedback',
      L('helpful / not_needed / unsubscribe', 'helpful / not_needed / unsubscribe'),
      L('recipients', 'получатели'),
    ],
    [
      'GET /v1/audit, POST /v1/labels',
      L('audit sample and human labels', 'аудиторская выборка и разметка людьми'),
      L('reviewers', 'разметчики'),
    ],
    [
      'GET /v1/monitoring, /metrics',
      L(
        'drift, feedback precision, alerts; Prometheus',
        'дрейф, точность по обратной связи, алерты; Prometheus',
      ),
      L('operations', 'эксплуатация'),
    ],
    [
      '/dashboard, /docs',
      L('dashboard (session from ?key=), OpenAPI', 'дашборд (сессия из ?key=), OpenAPI'),
      L('product team', 'продуктовая команда'),
    ],
  ];
  const risks = riskRows(w, x);
  return [
    w.heading('4'),
    w.heading('4.1'),
    '```mermaid',
    'flowchart LR',
    `  U["${L('comment source', 'источник комментариев')}"] -->|POST /v1/comments| API["${L('API processes (Fastify)', 'API-процессы (Fastify)')}"]`,
    `  API --> S[("${L('SQLite file or PostgreSQL: comments, jobs, messages, experiments, monitoring', 'файл SQLite или PostgreSQL: комментарии, задачи, сообщения, эксперименты, мониторинг')}")]`,
    `  S --> W["${L('workers: classify → decide → dispatch', 'воркеры: классификация → решение → отправка')}"]`,
    `  R[("${L('model registry', 'реестр моделей')}")] --> W`,
    `  W -->|Idempotency-Key| RA["${L('replies API', 'API ответов')}"]`,
    `  W --> MON["${L('monitor: drift, feedback, shadow challenger', 'мониторинг: дрейф, обратная связь, теневой претендент')}"]`,
    `  MON -->|${L('alerts', 'алерты')}| AW["${L('alert webhook, /metrics', 'вебхук алертов, /metrics')}"]`,
    '```',
    '',
    table(
      [L('method', 'метод'), L('what', 'что'), L('for whom', 'для кого')],
      endpoints.map((e) => [`\`${e[0]}\``, e[1], e[2]]),
    ),
    '',
    w.heading('4.2'),
    L(
      '- **Embedded (default):** one process, one SQLite file — nothing else to install; the comment and its queue job commit in one transaction. Pros: simplest, fastest at this scale. Cons: one machine.',
      '- **Встроенный режим (по умолчанию):** один процесс, один файл SQLite — ничего не нужно ставить; комментарий и задача в очереди пишутся одной транзакцией. Плюсы: проще и быстрее всего на этом масштабе. Минусы: одна машина.',
    ),
    L(
      "- **Scale-out:** `DATABASE_URL=postgres://…` runs the same code with API and worker processes started separately; the queue is pg-boss in the same database, its writes joining the service's transactions. Chosen over a separate broker because the comment and its job stay in one transaction, so nothing can be lost between them.",
      '- **Масштабирование:** `DATABASE_URL=postgres://…` запускает тот же код, API и воркеры — отдельными процессами; очередь — pg-boss в той же базе, его записи входят в транзакции сервиса. Выбрано вместо отдельного брокера, потому что комментарий и задача остаются в одной транзакции — между ними ничего не теряется.',
    ),
    '',
    w.heading('4.3'),
    requirementsTable(w, x),
    '',
    w.heading('4.4'),
    L(
      `- API keys stored as SHA-256 hashes; per-key rate limit (429, shared through Redis); body limit (413); JSON schema validation naming the field (400); probabilities rounded to 4 decimals (harder model extraction); dashboard sessions in HttpOnly, SameSite=Strict cookies. ${x.faults ? `Fuzz: ${w.int(x.faults.fuzz.requests)} malformed requests → ${Object.keys(x.faults.fuzz.status_classes).some((k) => k.startsWith('5')) ? 'some 5xx' : 'no 5xx'}, service alive ${w.by('faults')}.` : ''}`,
      `- API-ключи хранятся как SHA-256; ограничение частоты на ключ (429, общее через Redis); лимит тела (413); проверка JSON-схемы с указанием поля (400); вероятности округлены до 4 знаков (сложнее извлечь модель); сессии дашборда в cookie HttpOnly, SameSite=Strict. ${x.faults ? `Фаззинг: ${w.int(x.faults.fuzz.requests)} испорченных запросов → ${Object.keys(x.faults.fuzz.status_classes).some((k) => k.startsWith('5')) ? 'есть 5xx' : 'ни одного 5xx'}, сервис жив ${w.by('faults')}.` : ''}`,
    ),
    '',
    w.heading('4.5'),
    L(
      "- Training data is a public data set without personal data. The service stores user ids and comment texts it receives; they stay in the operator's own store (no third party), API keys and session tokens only as hashes. The pilot here is a simulation: no real person was messaged.",
      '- Данные для обучения — открытый набор без персональных данных. Сервис хранит полученные идентификаторы пользователей и тексты комментариев только в хранилище оператора (без третьих сторон), API-ключи и токены сессий — только как хеши. Пилот здесь — симуляция: никому из людей сообщения не отправлялись.',
    ),
    '',
    w.heading('4.6', 'Издержки'),
    load
      ? L(
          `- One inference server is enough: the embedded service sustains ${w.int(load.highest_sustained_comments_per_second)} comments/s on ${cores(w, load.machine.cores)} ${w.by('load')}, ${Math.round(load.highest_sustained_comments_per_second / 100)}× the doc's 100 requests/s, with no GPU. Assumption, not measured: a 2 vCPU / 4 GB cloud VM costs roughly 30–40 USD a month.`,
          `- Достаточно одного сервера инференса: встроенный сервис держит ${w.int(load.highest_sustained_comments_per_second)} комментариев/с на ${cores(w, load.machine.cores)} ${w.by('load')} — в ${Math.round(load.highest_sustained_comments_per_second / 100)} раз больше 100 запросов/с из документа, без GPU. Допущение, не измерение: облачная ВМ 2 vCPU / 4 ГБ стоит примерно 30–40 USD в месяц.`,
        )
      : w.missing('load'),
    '',
    w.heading('4.7'),
    L(
      '- In: `POST /v1/comments` (JSON, `x-api-key`). Out: `POST` to `SUPPORT_WEBHOOK_URL` with `Idempotency-Key: <comment_id>`, retried with back-off and a circuit breaker; without a webhook an embedded sink keeps messages (`GET /v1/messages`). Back: `POST /v1/feedback`, `POST /v1/labels`. Alerts: `MONITORING_WEBHOOK_URL`. OpenAPI at `/docs`.',
      '- Вход: `POST /v1/comments` (JSON, `x-api-key`). Выход: `POST` на `SUPPORT_WEBHOOK_URL` с `Idempotency-Key: <comment_id>`, повторы с отступом и предохранитель; без вебхука сообщения хранит встроенный приёмник (`GET /v1/messages`). Обратно: `POST /v1/feedback`, `POST /v1/labels`. Алерты: `MONITORING_WEBHOOK_URL`. OpenAPI — `/docs`.',
    ),
    '',
    w.heading('4.8'),
    table(
      [
        L('risk', 'риск'),
        L('consequence', 'последствие'),
        L('action', 'действие'),
        L('proof', 'доказательство'),
      ],
      risks,
    ),
    '',
  ].join('\n');
}
