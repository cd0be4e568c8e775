import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';
import { riskRows } from './risks.ts';
import { slaSection } from './sla.ts';

/** Section 4: production — architecture, infrastructure, SLA, security, costs, integration, risks. */
export function productionSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  return [
    w.heading('4'),
    w.heading('4.1'),
    table(
      [L('method', 'метод'), L('what it does', 'что делает')],
      [
        [
          '`POST /v1/ads/decide`',
          L(
            '`{user_id, context?, placement?}` → `{decision_id, banner_id, propensity, policy, model_version}`; the decision is logged with its propensity',
            '`{user_id, context?, placement?}` → `{decision_id, banner_id, propensity, policy, model_version}`; решение логируется с пропенсити',
          ),
        ],
        [
          '`POST /v1/ads/events`',
          L(
            '`{event_id, decision_id, type: impression|click|close}`; idempotent on `event_id`; unknown decision → 404; wrong order (a click before its impression, a second close) → 409, never a double count',
            '`{event_id, decision_id, type: impression|click|close}`; идемпотентно по `event_id`; неизвестное решение → 404; неверный порядок (клик до показа, второе закрытие) → 409, без двойного учёта',
          ),
        ],
        [
          '`GET/POST/PATCH /v1/ads/banners`',
          L(
            'add, pause, resume, retire banners at run time; a new banner starts from the prior (cold start)',
            'добавить, приостановить, возобновить, снять баннер на ходу; новый начинает с априорного распределения (холодный старт)',
          ),
        ],
        [
          '`GET /v1/ads/monitoring`, `/dashboard/ads`',
          L(
            'windows of CTR, close rate, revenue per 1,000, calibration, drift; banners; experiment arms; alerts',
            'окна CTR, доли закрытий, выручки на 1 000, калибровки, дрейфа; баннеры; группы эксперимента; алерты',
          ),
        ],
        [
          '`/healthz` `/readyz` `/metrics` `/docs`',
          L(
            "the platform's: health, readiness, Prometheus `mlsd_ads_*`, OpenAPI",
            'платформенные: здоровье, готовность, Prometheus `mlsd_ads_*`, OpenAPI',
          ),
        ],
      ],
    ),
    '',
    L(
      '- The ads system is one module on the shared platform (`src/systems/ads/system.ts`): its own migrations (`ads_*` tables), routes under `/v1/ads`, its dashboard panel and this doc; `npm start` serves it beside support in one process.',
      '- Система рекламы — один модуль общей платформы (`src/systems/ads/system.ts`): свои миграции (таблицы `ads_*`), маршруты под `/v1/ads`, своя панель и этот документ; `npm start` запускает её рядом с поддержкой в одном процессе.',
    ),
    '',
    w.heading('4.2'),
    L(
      '- **Embedded:** one process, SQLite (WAL) holds decisions, events, banners, the bandit state and the registry — nothing else to install. **Scale-out:** the same code with `DATABASE_URL` (PostgreSQL: logs and state, the state row locked per update so API processes never learn from a stale copy) and `REDIS_URL` (the host’s rate limits, and the user history decide reads: each counted event is logged in SQL in its transaction and copied to Redis after the commit, before it is acknowledged; a resent event fills a copy lost in between, and Redis that lost its keys is seeded again from the SQL log). Events arriving together share one transaction (group commit), as decisions do. The CTR model learns each settled reward after commit; every `ADS_SNAPSHOT_MS` it is registered with a watermark, and a restart replays the settled rewards after it, so a kill -9 loses nothing and learns nothing twice. Alternatives: a feature store plus a separate model server adds two services and a network hop to a decision whose budget is milliseconds; keeping the posterior in process memory loses learning on a crash.',
      '- **Встроенный режим:** один процесс, SQLite (WAL) хранит решения, события, баннеры, состояние бандита и реестр — ничего не нужно ставить. **Масштабирование:** тот же код с `DATABASE_URL` (PostgreSQL: логи и состояние, строка состояния блокируется на время обновления, так что процессы API не учатся на устаревшей копии) и `REDIS_URL` (лимиты хоста и история пользователя, которую читает decide: каждое засчитанное событие пишется в SQL в своей транзакции и копируется в Redis после коммита, до подтверждения; повторно отправленное событие восполняет потерянную копию, а Redis, потерявший ключи, заново наполняется из SQL-журнала). События, пришедшие вместе, делят одну транзакцию (групповой коммит), как и решения. CTR-модель учится на каждой зафиксированной награде после коммита; каждые `ADS_SNAPSHOT_MS` она регистрируется с водяным знаком, а перезапуск проигрывает награды после него, так что kill -9 ничего не теряет и ничего не учит дважды. Альтернативы: feature store и отдельный сервер модели добавляют два сервиса и сетевой переход к решению с бюджетом в миллисекунды; апостериор только в памяти процесса теряет обучение при падении.',
    ),
    '',
    slaSection(w, x),
    w.heading('4.4'),
    L(
      "- API keys on every `/v1/ads` route, rate limits per key (the platform's), schema-validated bodies (unknown fields refused with the field named), problem+json errors; click fraud (many clicks from one user) is bounded by idempotency and the wrong-order rules: one click per impression counts.",
      '- API-ключи на всех маршрутах `/v1/ads`, лимиты на ключ (платформенные), проверка тел по схеме (неизвестные поля отвергаются с именем поля), ошибки problem+json; накрутка кликов (много кликов от одного пользователя) ограничена идемпотентностью и правилами порядка: засчитывается один клик на показ.',
    ),
    '',
    w.heading('4.5'),
    L(
      "- Only pseudonymous user ids and hashed features are stored; no names, contacts or device ids. Decisions and events are kept for evaluation; deleting a user's rows removes their history (GDPR / 152-FZ right to erasure) without touching the aggregate state.",
      '- Хранятся только псевдонимные id пользователей и хешированные признаки; никаких имён, контактов, id устройств. Решения и события хранятся для оценки; удаление строк пользователя убирает его историю (право на удаление по GDPR / 152-ФЗ), не трогая агрегированное состояние.',
    ),
    '',
    w.heading('4.6'),
    L(
      '- One small VM (2 vCPU, 2–4 GB) serves the measured load in section 4.3 on embedded SQLite: on the order of USD 20–40 a month at public cloud list prices; PostgreSQL and Redis managed instances add about USD 50–100 a month when scale-out is needed. No GPU, no paid APIs.',
      '- Одна небольшая ВМ (2 vCPU, 2–4 ГБ) держит измеренную в разделе 4.3 нагрузку на встроенной SQLite: порядка 20–40 USD в месяц по прайсам публичных облаков; управляемые PostgreSQL и Redis добавляют около 50–100 USD в месяц, когда нужно масштабирование. Без GPU и платных API.',
    ),
    '',
    w.heading('4.7', 'Интеграция или связи с другими системами'),
    L(
      '- The app calls decide before rendering a slot and posts events as they happen (impression when the banner is on screen, click, close); events may arrive late or twice: both are safe. The business manages banners through `/v1/ads/banners`; analysts read the decision log (with propensities) for off-policy evaluation (`mlsd ads ope`, `mlsd ads policies`).',
      '- Приложение вызывает decide перед отрисовкой слота и отправляет события по мере появления (показ — когда баннер на экране, клик, закрытие); события могут прийти поздно или дважды — и то и другое безопасно. Бизнес управляет баннерами через `/v1/ads/banners`; аналитики читают журнал решений (с пропенсити) для off-policy оценки (`mlsd ads ope`, `mlsd ads policies`).',
    ),
    '',
    w.heading('4.8'),
    table(
      [L('risk', 'риск'), L('consequence', 'последствие'), L('action', 'действие'), L('proof', 'проверка')],
      riskRows(w, x),
    ),
    '',
  ].join('\n');
}
