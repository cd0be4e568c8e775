import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';
import { riskRows } from './risks.ts';
import { slaSection } from './sla.ts';

/** Section 4: production — architecture, infrastructure, SLA, security, privacy, costs, integration, risks. */
export function productionSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  return [
    w.heading('4'),
    w.heading('4.1'),
    '```',
    L(
      'Telegram ─► bot (grammY, long polling or webhook) ─┐\n/skincare page (browser) ─► /skincare/api/* ───────┼─► flow: consent ─► photo gate ─► regions ─► indicators ─► concern head\nAPI client ─► /v1/skincare/* (API key) ────────────┘        questionnaire ─► red flags? ─► hard rules ─► score ─► MMR ─► AM/PM routine\n                                                            store: users, analyses (numbers only), recommendations, feedback, funnel, partner products',
      'Telegram ─► бот (grammY, long polling или webhook) ─┐\nстраница /skincare (браузер) ─► /skincare/api/* ─────┼─► сценарий: согласие ─► фильтр фото ─► зоны ─► индикаторы ─► голова классификатора\nклиент API ─► /v1/skincare/* (ключ API) ─────────────┘           анкета ─► красные флаги? ─► жёсткие правила ─► скор ─► MMR ─► уход утро/вечер\n                                                                 хранилище: пользователи, анализы (только числа), рекомендации, оценки, воронка, продукты партнёров',
    ),
    '```',
    '',
    table(
      [L('method', 'метод'), L('what it does', 'что делает')],
      [
        [
          '`POST /v1/skincare/analyses`',
          L(
            'multipart, the image in `photo`, with `user_id` → a quality verdict with retake advice (422) or indicators with confidence; 403 without photo consent',
            'multipart, изображение в поле `photo`, с `user_id` → вердикт качества с советом переснять (422) или индикаторы с уверенностью; 403 без согласия',
          ),
        ],
        [
          '`POST /v1/skincare/recommendations`',
          L(
            '`{user_id, questionnaire, analysis_id?}` → the routine with explanations, the disclaimer, or a red-flag referral',
            '`{user_id, questionnaire, analysis_id?}` → уход с объяснениями, дисклеймер или направление к врачу',
          ),
        ],
        [
          '`POST /v1/skincare/feedback`',
          L('`{recommendation_id, score: 1..10, comment?}`', '`{recommendation_id, score: 1..10, comment?}`'),
        ],
        [
          '`DELETE /v1/skincare/users/:id`',
          L(
            'erases everything stored about the user, with counts per table',
            'удаляет всё, что хранится о пользователе, с числом строк по таблицам',
          ),
        ],
        [
          '`POST /v1/skincare/catalog/imports`, `GET /v1/skincare/catalog`',
          L(
            "a partner brand's products (CSV or JSON, errors per row) enter the ranking without a release; the catalog with its match report",
            'продукты бренда-партнёра (CSV или JSON, ошибки по строкам) попадают в ранжирование без релиза; каталог с отчётом о сопоставлении',
          ),
        ],
        [
          '`/skincare`, `/dashboard/skincare`',
          L('the end-user page; the pilot panel', 'страница для пользователя; панель пилота'),
        ],
      ],
    ),
    '',
    w.heading('4.2'),
    L(
      "One Node process (`npm start`) serves every system over one embedded SQLite file; `DATABASE_URL=postgres://…` moves the same code onto PostgreSQL, and any number of API processes can run behind a load balancer (the flow keeps no state in memory but the catalog and the bot's unfinished questionnaires). The photo model (face detection and mesh on TensorFlow.js WASM) runs on the CPU; no GPU, no paid service — the zero-budget premise. Alternatives considered: a hosted vision API (costs money and sends faces to a third party), a Python service (a second runtime to deploy).",
      'Один процесс Node (`npm start`) обслуживает все системы на одном встроенном файле SQLite; `DATABASE_URL=postgres://…` переносит тот же код на PostgreSQL, и API-процессов за балансировщиком может быть сколько угодно (сценарий не держит состояния в памяти, кроме каталога и незаконченных анкет бота). Модель фото (детекция лица и сетка на TensorFlow.js WASM) работает на CPU; ни GPU, ни платных сервисов — предпосылка нулевого бюджета. Альтернативы: облачный API зрения (стоит денег и отправляет лица третьей стороне), сервис на Python (вторая среда исполнения).',
    ),
    '',
    w.heading('4.3'),
    slaSection(w, x),
    '',
    w.heading('4.4'),
    L(
      "- API keys on `/v1/skincare/*`; the page's endpoints are public but rate-limited per IP and identify the browser by an anonymous random cookie; the bot's webhook checks Telegram's secret token.\n- Every input is schema-validated (a value out of range names the field); photos are size-limited, decoded by libvips with a pixel limit read from the header first, EXIF stripped; a partner import is validated per row.\n- Outputs are products and rounded indicator values — nothing that reconstructs a face.",
      '- Ключи API на `/v1/skincare/*`; эндпоинты страницы публичны, но ограничены по IP и узнают браузер по анонимной случайной cookie; webhook бота проверяет секретный токен Telegram.\n- Каждый вход проверяется по схеме (значение вне диапазона называет поле); фото ограничены по размеру, декодируются libvips с лимитом пикселей, прочитанным из заголовка, EXIF удаляется; импорт партнёра проверяется построчно.\n- На выходе продукты и округлённые индикаторы — ничего, из чего можно восстановить лицо.',
    ),
    '',
    w.heading('4.5'),
    L(
      '- **Consent first.** No photo byte is downloaded (bot) or read (API, page) before the user consents to photo processing for the stated purpose.\n- **Minimisation.** Photos are processed in memory and never written; face embeddings are never computed; stored are indicator values, the questionnaire, the routine and the score.\n- **Storage limitation.** Analyses expire (`SKINCARE_HISTORY_TTL`) unless the user consents to keep a history; `DELETE /v1/skincare/users/:id`, `/delete` in the bot and "delete my data" on the page erase every row of the user, the pilot log included.\n- **Law.** A face photo is personal data and, processed to identify, biometric (GDPR art. 4(14), 9; Russian 152-FZ art. 11): we do not identify, and we keep no photo; pregnancy and symptoms are health data (art. 9) and are used only for the answer.',
      '- **Сначала согласие.** Ни один байт фото не скачивается (бот) и не читается (API, страница), пока пользователь не согласился на обработку фото для названной цели.\n- **Минимизация.** Фото обрабатываются в памяти и не записываются; эмбеддинги лица не вычисляются; хранятся значения индикаторов, анкета, уход и оценка.\n- **Ограничение хранения.** Анализы истекают (`SKINCARE_HISTORY_TTL`), если пользователь не согласился хранить историю; `DELETE /v1/skincare/users/:id`, `/delete` в боте и «удалить мои данные» на странице удаляют все строки пользователя, включая лог пилота.\n- **Закон.** Фото лица — персональные данные, а при обработке для идентификации — биометрические (GDPR ст. 4(14), 9; 152-ФЗ ст. 11): мы не идентифицируем и фото не храним; беременность и симптомы — данные о здоровье (ст. 9), используются только для ответа.',
    ),
    '',
    w.heading('4.6'),
    L(
      'The pilot runs on one small virtual machine (2 vCPU, 2–4 GB) at a few dollars to about $20 a month; the Telegram Bot API is free; the data is public; there are no per-request fees. The photo analysis is the only heavy step (section 4.3): one 2-vCPU machine serves about one photo per second.',
      'Пилот работает на одной небольшой виртуальной машине (2 vCPU, 2–4 ГБ) — от нескольких долларов до ~$20 в месяц; Telegram Bot API бесплатен; данные открыты; платы за запрос нет. Единственный тяжёлый шаг — анализ фото (раздел 4.3): одна машина с 2 vCPU обрабатывает около одного фото в секунду.',
    ),
    '',
    w.heading('4.7'),
    L(
      '- Telegram Bot API (`TELEGRAM_BOT_TOKEN`; `TELEGRAM_API_ROOT` for another Bot API server; `TELEGRAM_WEBHOOK_URL` for a webhook instead of long polling).\n- Partner brands: `POST /v1/skincare/catalog/imports`.\n- Monitoring: `/metrics` (Prometheus), alerts to `MONITORING_WEBHOOK_URL`; the pilot report `mlsd skincare pilot`.',
      '- Telegram Bot API (`TELEGRAM_BOT_TOKEN`; `TELEGRAM_API_ROOT` для другого сервера Bot API; `TELEGRAM_WEBHOOK_URL` для webhook вместо long polling).\n- Бренды-партнёры: `POST /v1/skincare/catalog/imports`.\n- Мониторинг: `/metrics` (Prometheus), алерты в `MONITORING_WEBHOOK_URL`; отчёт пилота `mlsd skincare pilot`.',
    ),
    '',
    w.heading('4.8'),
    table(
      [
        L('risk', 'риск'),
        L('consequence', 'последствие'),
        L('action', 'что делаем'),
        L('proof', 'чем подтверждено'),
      ],
      riskRows(w, x),
    ),
    '',
  ].join('\n');
}
