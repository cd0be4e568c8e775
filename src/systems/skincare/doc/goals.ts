import type { DocInputs } from './inputs.ts';
import { requirementsTable, type Writer } from './format.ts';

/** Section 1: goals and premises. */
export function goalsSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  return [
    w.heading('1'),
    w.heading('1.1'),
    L(
      '- **Business goal.** Personalised skincare recommendations that raise sales of skincare products and customer satisfaction, and point at skin problems a cosmetologist would usually notice.',
      '- **Бизнес-цель.** Персональные рекомендации по уходу за кожей, которые повышают продажи косметики и удовлетворённость клиентов и подсказывают проблемы кожи, которые обычно замечает косметолог.',
    ),
    L(
      '- **Why ML makes it better.** A shop filter by skin type ignores what is in the product; a model reads the ingredient list (suitability per skin type, actives per goal) and the photo (shine, redness, uneven tone, texture), and every choice comes with the ingredient that justifies it.',
      '- **Почему ML.** Фильтр магазина по типу кожи не смотрит в состав; модель читает список ингредиентов (пригодность для типа кожи, активы под цель) и фото (блеск, покраснение, неровный тон, текстура), и каждый выбор объяснён ингредиентом.',
    ),
    L(
      '- **Success of this iteration.** A working prototype — a Telegram bot, and the same flow on a web page and an API — with photo upload, skin analysis and recommendations; safety rules that never break; every quality number measured here beside a baseline, and what cannot be measured here stated with the protocol that would measure it.',
      '- **Успех итерации.** Работающий прототип — Telegram-бот, и тот же сценарий на веб-странице и в API — с загрузкой фото, анализом кожи и рекомендациями; правила безопасности, которые не нарушаются никогда; каждая метрика качества измерена здесь рядом с бейзлайном, а то, что здесь измерить нельзя, названо вместе с протоколом измерения.',
    ),
    '',
    w.heading('1.2'),
    requirementsTable(w, [
      [
        L(
          'photo + skin type, sensitivity, goals → recommendations',
          'фото + тип кожи, чувствительность, цели → рекомендации',
        ),
        L(
          'one flow (`service/flow.ts`) behind three front ends: `POST /v1/skincare/analyses` + `/recommendations`, the page at `/skincare`, the Telegram bot',
          'один сценарий (`service/flow.ts`) за тремя интерфейсами: `POST /v1/skincare/analyses` + `/recommendations`, страница `/skincare`, Telegram-бот',
        ),
      ],
      [
        L('recommendations "on the fly"', 'рекомендации «на лету»'),
        L(
          'in-process ranking over an in-memory catalog; latency in section 4.3',
          'ранжирование в процессе по каталогу в памяти; задержки в разделе 4.3',
        ),
      ],
      [
        L('zero budget', 'нулевой бюджет'),
        L(
          'one process, embedded SQLite, open data, models trained on this machine in seconds; no paid API',
          'один процесс, встроенный SQLite, открытые данные, модели обучаются на этой машине за секунды; платных API нет',
        ),
      ],
      [
        L(
          'not medical advice; hormonal/medical problems not judged from a photo',
          'не медицинский совет; гормональные/медицинские проблемы по фото не оцениваются',
        ),
        L(
          'a disclaimer in every answer; red-flag symptoms (changing mole, severe rash, pain, infection) → a referral **instead of** products',
          'дисклеймер в каждом ответе; симптомы-«красные флаги» (меняющаяся родинка, сильная сыпь, боль, инфекция) → направление к врачу **вместо** продуктов',
        ),
      ],
      [
        L('photo quality affects predictions', 'качество фото влияет на предсказания'),
        L(
          'a quality gate (one face, size, sharpness, exposure, resolution, safe decoding) with a concrete retake message per failure',
          'фильтр качества (одно лицо, размер, резкость, экспозиция, разрешение, безопасное декодирование) с конкретной просьбой переснять',
        ),
      ],
      [
        L('legal requirements, data privacy', 'законодательство, приватность данных'),
        L(
          'consent before any photo byte is read; photos processed in memory and never stored; no face embeddings; history only with consent; erase on request (section 4.5)',
          'согласие до чтения фото; фото обрабатываются в памяти и не сохраняются; эмбеддинги лица не считаются; история — только с согласия; удаление по запросу (раздел 4.5)',
        ),
      ],
      [
        L('classification accuracy > 90 %', 'точность классификации > 90 %'),
        L(
          '**unmeasured**: no consented, labelled skin-photo set reaches this machine; the protocol that would measure it is in section 2.3 (stage 3)',
          '**не измерено**: согласованного размеченного набора фото кожи на этой машине нет; протокол измерения — в разделе 2.3 (этап 3)',
        ),
      ],
      [
        L('pilot with partner brands; 1–10 satisfaction', 'пилот с брендами-партнёрами; оценка 1–10'),
        L(
          '`POST /v1/skincare/catalog/imports` (products enter the ranking without a release); `POST /v1/skincare/feedback`; section 3',
          '`POST /v1/skincare/catalog/imports` (продукты попадают в ранжирование без релиза); `POST /v1/skincare/feedback`; раздел 3',
        ),
      ],
    ]),
    '',
    L(
      "**Pilot business process.** A partner brand sends its products (CSV or JSON under the catalog's data contract); a user opens the bot or the page, consents, fills the short questionnaire, sends a photo, gets a morning and evening routine with reasons, and rates it 1–10. **Success criteria:** at least one brand partner in the first month, more than 20 active users after a week, mean satisfaction ≥ 7.5. **Growth paths:** a companion that tracks the skin over time under the routine (built: with consent, analyses are kept and the bot and page show how each indicator moved); a language model for a more individual dialogue (not in this iteration); more brands, a mobile app.",
      '**Бизнес-процесс пилота.** Бренд-партнёр присылает продукты (CSV или JSON по контракту данных каталога); пользователь открывает бота или страницу, даёт согласие, заполняет короткую анкету, присылает фото, получает утренний и вечерний уход с объяснениями и оценивает его по шкале 1–10. **Критерии успеха:** хотя бы один бренд-партнёр в первый месяц, больше 20 активных пользователей через неделю, средняя удовлетворённость ≥ 7,5. **Пути развития:** компаньон, отслеживающий кожу во времени на уходе (сделано: с согласия анализы сохраняются, бот и страница показывают, как менялся каждый индикатор); языковая модель для более индивидуального диалога (не в этой итерации); больше брендов, мобильное приложение.',
    ),
    '',
    w.heading('1.3'),
    L(
      '- **In:** the catalog merge with its data contract and drop report; INCI normalisation against CosIng; the knowledge base with sources; the suitability model; the photo quality gate, skin regions, indicators and a trainable concern head; the ranking with hard rules, explanations and an AM/PM routine; the API, the page and the bot; partner imports; consent, history and erasure; the pilot A/B with its report, monitoring and a dashboard panel.',
      '- **Входит:** объединение каталогов с контрактом данных и отчётом об отброшенном; нормализация INCI по CosIng; база знаний с источниками; модель пригодности; фильтр качества фото, зоны кожи, индикаторы и обучаемая голова классификатора; ранжирование с жёсткими правилами, объяснениями и утренним/вечерним уходом; API, страница и бот; импорт от партнёров; согласие, история и удаление; пилотный A/B с отчётом, мониторинг и панель дашборда.',
    ),
    L(
      '- **Out (and why):** a photo accuracy number (no consented labelled photos here); diagnosis of any condition (not a medical device); the language-model dialogue; purchase links and sales attribution (no shop integration in the pilot).',
      '- **Не входит (и почему):** число точности по фото (здесь нет согласованных размеченных фото); диагностика заболеваний (не медицинское изделие); диалог с языковой моделью; ссылки на покупку и атрибуция продаж (в пилоте нет интеграции с магазином).',
    ),
    L(
      '- **Reproducibility:** every number below names the command that measured it; models are seeded and byte-for-byte reproducible; this file is regenerated by `mlsd skincare doc` and a test fails when it is stale.',
      '- **Воспроизводимость:** у каждого числа ниже указана команда, которая его измерила; модели детерминированы по seed; этот файл пересобирается `mlsd skincare doc`, и тест падает, если он устарел.',
    ),
    L(
      '- **Planned technical debt:** the concern head has no real training set; the Sephora flags are weak labels (section 2.3); LookFantastic has no ratings, so its products rank on the prior rating.',
      '- **Запланированный техдолг:** у головы классификатора нет реального обучающего набора; флаги Sephora — слабая разметка (раздел 2.3); у LookFantastic нет рейтингов, поэтому его продукты ранжируются по априорному рейтингу.',
    ),
    '',
    w.heading('1.4'),
    x.catalog
      ? L(
          `- **Size:** ${w.int(x.catalog.products)} products after the merge ${w.by('catalog')}, ${w.int(x.catalog.cosingNames)} CosIng ingredient names.`,
          `- **Объём:** ${w.int(x.catalog.products)} продуктов после объединения ${w.by('catalog')}, ${w.int(x.catalog.cosingNames)} названий ингредиентов CosIng.`,
        )
      : w.missing('catalog'),
    L(
      '- **Data blocks:** two public retail catalogs (Sephora with skin-type flags and ratings, LookFantastic with normalised ingredients), the EU CosIng ingredient functions, our knowledge base; user input is the questionnaire and one photo. **Granularity:** a product, an ingredient (normalised INCI), a user session. **Horizon:** a routine for now; the companion compares analyses over weeks. The business reason: products are chosen by what they contain and what the user wants, and a photo can only add measurements, never a diagnosis.',
      '- **Блоки данных:** два публичных розничных каталога (Sephora с флагами типов кожи и рейтингами, LookFantastic с нормализованными составами), функции ингредиентов EU CosIng, наша база знаний; от пользователя — анкета и одно фото. **Гранулярность:** продукт, ингредиент (нормализованное INCI), сессия пользователя. **Горизонт:** уход на сейчас; компаньон сравнивает анализы за недели. Бизнес-обоснование: продукт выбирают по составу и цели пользователя, а фото может добавить только измерения, не диагноз.',
    ),
    '',
  ].join('\n');
}
