import { NEGATIVE } from '../data/taxonomy.ts';
import type { DocInputs } from './inputs.ts';
import { rssAtTarget, table, type Writer } from './format.ts';
import { availability, availabilityCell, cores, SLA_SHARE } from './sla.ts';

/** Section 1: goals and premises. */
export function goalsSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const load = x.load;
  const e2e100 = load?.doc_rate_100_per_second?.end_to_end_ms?.p99;
  return [
    L('## 1. Goals and premises', '## 1. Цели и предпосылки'),
    '',
    L('### 1.1 Why we build it', '### 1.1 Зачем идём в разработку продукта'),
    '',
    L(
      '- **Business goal.** Find users who write in a negative emotional state and send them a supportive message, automatically and within seconds. Manual moderation cannot follow a large real-time flow of comments; a classifier can.',
      '- **Бизнес-цель.** Находить пользователей, пишущих в негативном эмоциональном состоянии, и автоматически, за секунды, отправлять им сообщение поддержки. Ручная модерация не успевает за большим потоком комментариев в реальном времени, классификатор — успевает.',
    ),
    L(
      '- **Why ML makes it better.** The v0 baseline messages everyone; it reaches every sad user but also everyone else, which costs goodwill (unsubscribes) and makes the message meaningless. A model sends the message where it is needed.',
      '- **Почему ML.** Базовая версия v0 пишет всем: она достигает всех грустных пользователей, но и всех остальных — это раздражает (отписки) и обесценивает сообщение. Модель отправляет сообщение тем, кому оно нужно.',
    ),
    L(
      '- **Success of this iteration.** In the pilot, the model arm (B) gets a higher share of messages marked helpful than the all-sad arm (A), significantly, while every answer arrives in under 10 s (section 3).',
      '- **Успех итерации.** В пилоте доля сообщений, отмеченных полезными, в группе модели (B) значимо выше, чем в группе «все грустные» (A), а каждый ответ приходит быстрее 10 с (раздел 3).',
    ),
    '',
    L('### 1.2 Business requirements and limits', '### 1.2 Бизнес-требования и ограничения'),
    '',
    table(
      [
        L('requirement (original doc)', 'требование (исходный документ)'),
        L('how it is met', 'как выполнено'),
        L('measured', 'измерено'),
      ],
      [
        [
          L('online, answer within 5–10 s', 'онлайн, ответ за 5–10 с'),
          L(
            'queue-backed pipeline, micro-batched classification',
            'конвейер на очереди, классификация микро-батчами',
          ),
          e2e100 !== undefined
            ? L(
                `P99 accepted → delivered ${e2e100} ms at 100 comments/s ${w.by('load')}`,
                `P99 от приёма до доставки ${e2e100} мс при 100 комментариях/с ${w.by('load')}`,
              )
            : w.missing('load'),
        ],
        [
          L('up to 100 requests/s', 'до 100 запросов/с'),
          L(
            'one process with embedded SQLite; PostgreSQL for scale-out',
            'один процесс со встроенной SQLite; PostgreSQL для масштабирования',
          ),
          load
            ? L(
                `highest sustained rate ${w.int(load.highest_sustained_comments_per_second)} comments/s on ${cores(w, load.machine.cores)} ${w.by('load')}`,
                `наибольшая устойчивая скорость ${w.int(load.highest_sustained_comments_per_second)} комментариев/с на ${cores(w, load.machine.cores)} ${w.by('load')}`,
              )
            : w.missing('load'),
        ],
        [
          L('SLA 99 %', 'SLA 99 %'),
          L(
            'nothing accepted is lost: comment and job commit together; leases; retries; dead letters with reasons',
            'ничего принятого не теряется: комментарий и задача пишутся одной транзакцией; аренды; повторы; dead letters с причиной',
          ),
          availabilityCell(w, x),
        ],
      ],
    ),
    '',
    L(
      '- **Pilot business process.** Comments arrive through `POST /v1/comments`; users are split by a stable hash into A (v0) and B (model); messages go to the replies API; recipients react (helpful / not needed / unsubscribe) through `POST /v1/feedback`.',
      '- **Бизнес-процесс пилота.** Комментарии приходят через `POST /v1/comments`; пользователи стабильным хешем делятся на A (v0) и B (модель); сообщения уходят в API ответов; получатели реагируют (полезно / не нужно / отписаться) через `POST /v1/feedback`.',
    ),
    L(
      '- **Growth paths.** Fine emotion from the model instead of cue words; personalised replies; more languages; sarcasm.',
      '- **Пути развития.** Тонкая эмоция из модели вместо слов-подсказок; персонализированные ответы; другие языки; сарказм.',
    ),
    '',
    L('### 1.3 What is in and out of scope', '### 1.3 Что входит в скоуп проекта, а что нет'),
    '',
    L(
      '- **In:** the v0 baseline and the MVP classifier; the online service (API, queue, delivery, feedback); the pilot A/B with its statistics; monitoring of drift and quality; continuous training (challenger, shadow, promotion, rollback); a dashboard; this live document.',
      '- **Входит:** базовая версия v0 и MVP-классификатор; онлайн-сервис (API, очередь, доставка, обратная связь); пилотный A/B-тест со статистикой; мониторинг дрейфа и качества; непрерывное обучение (претендент, теневой режим, продвижение, откат); дашборд; этот живой документ.',
    ),
    L(
      '- **Out (as in the original doc):** personalised generated replies, languages other than English, sarcasm detection.',
      '- **Не входит (как в исходном документе):** персонализированные сгенерированные ответы, языки кроме английского, распознавание сарказма.',
    ),
    L(
      '- **Code quality and reproducibility:** TypeScript strict; every number here comes from a command named beside it; the same seed gives the same model byte for byte; `npm test` runs the real SQLite, PostgreSQL and Chromium.',
      '- **Качество кода и воспроизводимость:** TypeScript strict; каждое число здесь получено командой, указанной рядом; одинаковый seed даёт побайтно одинаковую модель; `npm test` работает с настоящими SQLite, PostgreSQL и Chromium.',
    ),
    L(
      '- **Technical debt.** The original doc listed "no quality monitoring"; it is paid (section 4.8: drift, feedback and audit monitoring). ',
      '- **Технический долг.** Исходный документ называл «нет мониторинга качества» — долг погашен (раздел 4.8: мониторинг дрейфа, обратной связи и аудита). ',
    ) + unmetTargets(w, x),
    '',
    L('### 1.4 Solution premises', '### 1.4 Предпосылки решения'),
    '',
    L(
      `- **Data:** GoEmotions — ${x.eda ? w.int(x.eda.rows.train + x.eda.rows.dev) : '–'} English Reddit comments in train + dev labeled with 27 emotions + neutral ${w.by('eda')}; grouped into positive / negative / ambiguous / neutral. The test split is held back to judge the model.`,
      `- **Данные:** GoEmotions — ${x.eda ? w.int(x.eda.rows.train + x.eda.rows.dev) : '–'} англоязычных комментариев Reddit в train + dev с разметкой 27 эмоций + нейтральная ${w.by('eda')}; сгруппированы в позитив / негатив / неоднозначное / нейтральное. Тестовая часть отложена для итоговой оценки.`,
    ),
    L(
      '- **Granularity and horizon:** one comment is one prediction, made at once (instant horizon): the message is useful only while the user is still in that state.',
      '- **Гранулярность и горизонт:** один комментарий — одно предсказание, сразу (мгновенный горизонт): сообщение полезно, пока пользователь ещё в этом состоянии.',
    ),
    '',
  ].join('\n');
}

/** Section 2: methodology. */
export function methodologySection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const q = x.quality;
  const eda = x.eda;
  const negShare = eda ? eda.groupCounts.train[NEGATIVE]! / eda.rows.train : undefined;
  const row = (
    name: string,
    b: { roc_auc: number; pr_auc: number; f1: number; precision?: number; recall?: number } | undefined,
  ) =>
    b
      ? [name, w.num(b.roc_auc), w.num(b.pr_auc), w.num(b.f1), w.pct(b.precision), w.pct(b.recall)]
      : [name, '–', '–', '–', '–', '–'];
  return [
    L('## 2. Methodology', '## 2. Методология'),
    '',
    L('### 2.1 Problem statement', '### 2.1 Постановка задачи'),
    '',
    L(
      '**Binary classification of a comment\'s text: "written in a negative emotional state, needs support" or not.** The model has four one-vs-rest heads (the GoEmotions groups) and decides on the calibrated probability of the negative group against a threshold chosen on dev (rule in `config/support.json`). Comments that are empty or not in English are skipped, not classified.',
      '**Бинарная классификация текста комментария: «написан в негативном эмоциональном состоянии, нужна поддержка» или нет.** У модели четыре головы «один против остальных» (группы GoEmotions); решение — по калиброванной вероятности негативной группы против порога, выбранного на dev (правило в `config/support.json`). Пустые и неанглоязычные комментарии пропускаются, а не классифицируются.',
    ),
    '',
    L('### 2.2 Solution diagram', '### 2.2 Блок-схема решения'),
    '',
    '```mermaid',
    'flowchart LR',
    `  C["${L('comment', 'комментарий')}"] --> API["POST /v1/comments"]`,
    `  API -->|${L('one transaction', 'одна транзакция')}| Q[("${L('store + queue', 'хранилище + очередь')}")]`,
    `  Q --> N["${L('normalise: NFKC, homoglyphs, leetspeak', 'нормализация: NFKC, омоглифы, leetspeak')}"]`,
    `  N --> LID{"${L('English?', 'английский?')}"}`,
    `  LID -->|${L('no', 'нет')}| SKIP["${L('skip: not_english', 'пропуск: not_english')}"]`,
    `  LID -->|${L('yes', 'да')}| ARM{"${L('pilot arm', 'группа пилота')}"}`,
    `  ARM -->|${L('A: v0, every comment is sad', 'A: v0, каждый комментарий грустный')}| RULES{"${L('both arms: unsubscribed? cooldown 24 h?', 'обе группы: отписан? пауза 24 ч?')}"}`,
    `  ARM -->|B| M["${L('hashed n-grams → FTRL ensemble → calibrated P(negative)', 'хешированные n-граммы → ансамбль FTRL → калиброванная P(негатив)')}"]`,
    `  M -->|${L('≥ threshold', '≥ порога')}| RULES`,
    `  M -->|${L('< threshold', '< порога')}| SKIP2["${L('skip: not_negative', 'пропуск: not_negative')}"]`,
    `  RULES -->|${L('yes', 'да')}| SKIP3["${L('skip: unsubscribed / cooldown', 'пропуск: unsubscribed / cooldown')}"]`,
    `  RULES -->|${L('no', 'нет')}| SEND["${L('message', 'сообщение')}"]`,
    `  SEND --> D["${L('replies API with Idempotency-Key, retries, circuit breaker', 'API ответов с Idempotency-Key, повторы, предохранитель')}"]`,
    `  D --> F["${L('feedback, labels → monitoring, challenger', 'обратная связь, разметка → мониторинг, претендент')}"]`,
    '```',
    '',
    L('### 2.3 Stages', '### 2.3 Этапы решения задачи'),
    '',
    L('**Stage 1 — data.**', '**Этап 1 — подготовка данных.**'),
    '',
    table(
      [
        L('data set', 'название данных'),
        L('source', 'источник'),
        L('who is needed', 'кто нужен'),
        L('quality checked', 'проверено качество'),
      ],
      [
        [
          'GoEmotions original train/dev',
          L(
            'Google Research (GitHub / Hugging Face); `mlsd data download goemotions`',
            'Google Research (GitHub / Hugging Face); `mlsd data download goemotions`',
          ),
          L('nobody: public', 'никто: открытые'),
          L('yes — data contract, every row', 'да — контракт данных, каждая строка'),
        ],
        [
          L('group mapping', 'маппинг групп'),
          L('GoEmotions emotion → group table, in code', 'таблица эмоция → группа GoEmotions, в коде'),
          '–',
          L(
            'yes — equal to the shared group files on all rows',
            'да — совпадает с файлами групп на всех строках',
          ),
        ],
        [
          L('phrase bank', 'банк фраз'),
          '`config/support-phrases.json`',
          L('a curator', 'куратор'),
          L('yes — checked at load', 'да — проверяется при загрузке'),
        ],
        [
          L('identity terms', 'термины идентичности'),
          '`config/identity-terms.json`',
          '–',
          L('yes — fairness check', 'да — проверка справедливости'),
        ],
        [
          L('service labels and reactions', 'разметка и реакции из сервиса'),
          '`POST /v1/labels`, `POST /v1/feedback`',
          L('reviewers, recipients', 'разметчики, получатели'),
          L('yes — schema, held-back split', 'да — схема, отложенная часть'),
        ],
      ],
    ),
    '',
    eda
      ? L(
          `Output ${w.by('eda')}: ${w.int(eda.rows.train)} train and ${w.int(eda.rows.dev)} dev comments; negative group ${w.pct(negShare)} of train; ${w.pct(eda.multiLabelShare)} of comments carry several groups; median ${eda.medianTokens} tokens; ${w.pct(eda.shares.withEmoji)} with emoji, ${w.pct(eda.shares.withNamePlaceholder)} with a [NAME] placeholder; ${eda.shares.exactDuplicateTexts} exact duplicate texts. See [eda.md](eda.md).`,
          `Результат ${w.by('eda')}: ${w.int(eda.rows.train)} комментариев в train и ${w.int(eda.rows.dev)} в dev; негативная группа — ${w.pct(negShare)} train; у ${w.pct(eda.multiLabelShare)} комментариев несколько групп; медиана ${eda.medianTokens} токенов; ${w.pct(eda.shares.withEmoji)} с эмодзи, ${w.pct(eda.shares.withNamePlaceholder)} с плейсхолдером [NAME]; ${eda.shares.exactDuplicateTexts} точных дубликатов. См. [eda.md](eda.md).`,
        )
      : w.missing('eda'),
    '',
    L('**Stage 2 — baseline (v0) and MVP.**', '**Этап 2 — бейзлайн (v0) и MVP.**'),
    '',
    L(
      '- **Split:** train for fitting; dev for calibration, the threshold and model selection; test held back. No retraining horizon is needed for a text task of this kind; retraining is triggered by slang and drift (section 4.8).',
      '- **Разбиение:** train — обучение; dev — калибровка, порог и выбор модели; test отложен. Горизонт переобучения задаётся не календарём, а сленгом и дрейфом (раздел 4.8).',
    ),
    L(
      '- **Target and metrics:** the negative group. ROC-AUC and PR-AUC say how well the model ranks; F1, precision and recall at the chosen threshold say how many messages go to the right people (precision = messages not wasted, recall = sad users reached); ECE says whether P(negative) can be read as a probability. Macro-F1 over the four groups guards the other heads.',
      '- **Целевая переменная и метрики:** негативная группа. ROC-AUC и PR-AUC — качество ранжирования; F1, точность и полнота при выбранном пороге — сколько сообщений уходят нужным людям (точность — не потраченные зря сообщения, полнота — охват грустных пользователей); ECE — можно ли читать P(негатив) как вероятность. Macro-F1 по четырём группам следит за остальными головами.',
    ),
    featuresLine(w, x),
    '',
    q
      ? [
          L(
            `Quality on dev, negative group ${w.by('quality')}:`,
            `Качество на dev, негативная группа ${w.by('quality')}:`,
          ),
          '',
          table(
            [
              L('scorer', 'модель'),
              'ROC-AUC',
              'PR-AUC',
              'F1',
              L('precision', 'точность'),
              L('recall', 'полнота'),
            ],
            [
              row(L('**MVP model**', '**MVP-модель**'), q.model.negative),
              row(L('v0 all-sad baseline', 'v0 «все грустные»'), q.peers.all_sad),
              row('VADER', q.peers.vader),
              row('AFINN', q.peers.afinn),
              ...(q.peers.sklearn_tfidf_logreg?.negative
                ? [row('scikit-learn TF-IDF + LR', q.peers.sklearn_tfidf_logreg.negative)]
                : []),
            ],
          ),
          '',
          L(
            `Group macro-F1 ${w.num(q.model.macro_f1)} (target ≥ ${q.targets.macro_f1}); negative ROC-AUC ${w.num(q.model.negative.roc_auc)} (target ≥ ${q.targets.negative_roc_auc} — ${q.model.negative.roc_auc >= q.targets.negative_roc_auc ? 'met' : 'not met'}); calibration ${q.calibration.chosen}, ECE ${w.num(q.calibration.ece_before)} → ${w.num(q.calibration.ece_after_platt)}. Thresholds and calibration were fit on dev, so these dev numbers are optimistic; the held-back test split is the judge (\`mlsd support evaluate --test FILE\`).`,
            `Macro-F1 по группам ${w.num(q.model.macro_f1)} (цель ≥ ${q.targets.macro_f1}); ROC-AUC негатива ${w.num(q.model.negative.roc_auc)} (цель ≥ ${q.targets.negative_roc_auc} — ${q.model.negative.roc_auc >= q.targets.negative_roc_auc ? 'выполнена' : 'не выполнена'}); калибровка ${q.calibration.chosen}, ECE ${w.num(q.calibration.ece_before)} → ${w.num(q.calibration.ece_after_platt)}. Порог и калибровка подобраны на dev, поэтому цифры dev оптимистичны; итоговый судья — отложенный test (\`mlsd support evaluate --test FILE\`).`,
          ),
        ].join('\n')
      : w.missing('quality'),
    '',
    L(
      '- **Risks of the stage:** label noise (crowd labels), class imbalance (negative ≈ a quarter), bias towards identity terms — checked in the model report ([model-report.md](model-report.md)); counterfactual augmentation is available (`identitySwapCopies`) but off until a held-out term list exists.',
      '- **Риски этапа:** шум в разметке (краудсорсинг), дисбаланс классов (негатив ≈ четверть), смещение по терминам идентичности — проверено в отчёте модели ([model-report.md](model-report.md)); контрфактическая аугментация есть (`identitySwapCopies`), но выключена до появления отложенного списка терминов.',
    ),
    L(
      '- **How the business checks the result:** the pilot (section 3) and the dashboard (`/dashboard`): live feed with explanations, precision of sent messages from feedback.',
      '- **Как бизнес проверяет результат:** пилот (раздел 3) и дашборд (`/dashboard`): лента с объяснениями, точность отправленных сообщений по обратной связи.',
    ),
    '',
  ].join('\n');
}

/** The feature space as the shipped config sets it. */
function featuresLine(w: Writer, x: DocInputs): string {
  const f = x.modelConfig?.model.features;
  if (!f) return w.missing('modelConfig');
  const range = ([a, b]: [number, number]) => (a === b ? `${a}` : `${a}–${b}`);
  const src = w.from('modelConfig');
  return w.L(
    `- **Features and model:** normalised text → word ${range(f.wordNgrams)}-grams and character ${range(f.charNgrams)}-grams, hashed into 2^${f.hashBits} buckets ${src}, TF-IDF; an ensemble of FTRL-Proximal logistic regressions (one NB-scaled); Platt or isotonic calibration chosen by cross-fitted Brier. Interpretation: per-comment n-gram contributions and global top features.`,
    `- **Признаки и модель:** нормализованный текст → словесные ${range(f.wordNgrams)}-граммы и символьные ${range(f.charNgrams)}-граммы, хешированные в 2^${f.hashBits} корзин ${src}, TF-IDF; ансамбль логистических регрессий FTRL-Proximal (одна с NB-масштабированием); калибровка Platt или изотоническая по кросс-валидированному Brier. Интерпретация: вклад n-грамм для каждого комментария и глобальные топ-признаки.`,
  );
}

/** The measured targets not met yet, named with their numbers (empty when all are met). */
function unmetTargets(w: Writer, x: DocInputs): string {
  const { L } = w;
  const open: string[] = [];
  const q = x.quality;
  if (q && q.model.negative.roc_auc < q.targets.negative_roc_auc)
    open.push(
      L(
        `negative ROC-AUC ${w.num(q.model.negative.roc_auc)} < ${q.targets.negative_roc_auc} (section 2.3)`,
        `ROC-AUC негатива ${w.num(q.model.negative.roc_auc)} < ${q.targets.negative_roc_auc} (раздел 2.3)`,
      ),
    );
  const s = x.speed;
  if (s && s.scoring.per_second.model_scores < s.targets.scoring_per_second)
    open.push(
      L(
        `scoring ${w.int(s.scoring.per_second.model_scores)} < ${w.int(s.targets.scoring_per_second)} comments/s on one core (section 4.3)`,
        `скоринг ${w.int(s.scoring.per_second.model_scores)} < ${w.int(s.targets.scoring_per_second)} комментариев/с на одном ядре (раздел 4.3)`,
      ),
    );
  const l = x.load;
  if (l && l.highest_sustained_comments_per_second < l.targets.sustained_comments_per_second)
    open.push(
      L(
        `sustained ${w.int(l.highest_sustained_comments_per_second)} < ${w.int(l.targets.sustained_comments_per_second)} comments/s (section 4.3)`,
        `устойчиво ${w.int(l.highest_sustained_comments_per_second)} < ${w.int(l.targets.sustained_comments_per_second)} комментариев/с (раздел 4.3)`,
      ),
    );
  if (l && rssAtTarget(l) > l.targets.peak_rss_mib)
    open.push(
      L(
        `peak RSS ${rssAtTarget(l)} > ${l.targets.peak_rss_mib} MiB (section 4.3)`,
        `пиковая RSS ${rssAtTarget(l)} > ${l.targets.peak_rss_mib} МиБ (раздел 4.3)`,
      ),
    );
  const sla = availability(x).faults;
  if (sla && sla.share < SLA_SHARE)
    open.push(
      L(
        `availability ${w.pct(sla.share)} < ${w.pct(SLA_SHARE, 0)} within ${sla.slaMs / 1000} s under the receiver fault drill (section 4.3)`,
        `доступность ${w.pct(sla.share)} < ${w.pct(SLA_SHARE, 0)} за ${sla.slaMs / 1000} с при отказах получателя (раздел 4.3)`,
      ),
    );
  if (open.length === 0) return L('Every measured target is met.', 'Все измеренные цели выполнены.');
  return L(
    `Still open, the targets not met: ${open.join('; ')}; details in \`BENCHMARKS.md\`.`,
    `Открыто — невыполненные цели: ${open.join('; ')}; подробности в \`BENCHMARKS.md\`.`,
  );
}
