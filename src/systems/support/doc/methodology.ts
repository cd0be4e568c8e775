import { NEGATIVE } from '../data/taxonomy.ts';
import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';

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
    w.heading('2'),
    w.heading('2.1'),
    L(
      '**Binary classification of a comment\'s text: "written in a negative emotional state, needs support" or not.** The model has four one-vs-rest heads (the GoEmotions groups) and decides on the calibrated probability of the negative group against a threshold chosen on dev (rule in `config/support.json`). Comments that are empty or not in English are skipped, not classified.',
      '**Бинарная классификация текста комментария: «написан в негативном эмоциональном состоянии, нужна поддержка» или нет.** У модели четыре головы «один против остальных» (группы GoEmotions); решение — по калиброванной вероятности негативной группы против порога, выбранного на dev (правило в `config/support.json`). Пустые и неанглоязычные комментарии пропускаются, а не классифицируются.',
    ),
    '',
    w.heading('2.2'),
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
    w.heading('2.3'),
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
