import type { DocInputs } from './inputs.ts';
import { table, withCi, type Writer } from './format.ts';
import { photoStage, rankingStage } from './stages.ts';

const TYPES = ['combination', 'dry', 'normal', 'oily', 'sensitive'] as const;

/** Section 2: the task, the diagram, and each stage with its measured result. */
export function methodologySection(w: Writer, x: DocInputs): string {
  const { L } = w;
  return [
    w.heading('2'),
    w.heading('2.1'),
    L(
      "Three technical tasks: (1) **multi-label classification** of a product's suitability for five skin types from its ingredient list; (2) **photo analysis** — a quality gate, skin regions from a face mesh, four indicators with a confidence, and a concern classifier head that may abstain; (3) **constrained ranking** — hard safety rules, then a score, diversity and an AM/PM routine with an explanation per product. A rule-based ranker is the baseline.",
      'Три технические задачи: (1) **многометочная классификация** пригодности продукта для пяти типов кожи по списку ингредиентов; (2) **анализ фото** — фильтр качества, зоны кожи по сетке лица, четыре индикатора с уверенностью и голова классификатора проблем, которая может воздержаться; (3) **ранжирование с ограничениями** — жёсткие правила безопасности, затем скор, разнообразие и уход утро/вечер с объяснением по каждому продукту. Бейзлайн — ранжирование на правилах.',
    ),
    '',
    w.heading('2.2'),
    '```',
    L(
      'catalogs (Sephora, LookFantastic, partner imports) ─► data contract ─► INCI normalisation ─► CosIng functions\n        └─► suitability model (trained on Sephora flags) ─► every product scored ─► registry (model + scored catalog)\nphoto ─► safe decode ─► face + 468-point mesh ─► quality gate ─(retake?)─► regions ─► indicators ─► concern head\nquestionnaire ─► red flags? ─(referral)─► hard rules ─► baseline A: category + skin type + rating\n                                                    └► model B: suitability × actives (goals + photo) × rating − penalties ─► MMR ─► AM/PM routine + why',
      'каталоги (Sephora, LookFantastic, импорт партнёров) ─► контракт данных ─► нормализация INCI ─► функции CosIng\n        └─► модель пригодности (обучена на флагах Sephora) ─► скор каждого продукта ─► реестр (модель + каталог со скорами)\nфото ─► безопасное декодирование ─► лицо + сетка 468 точек ─► фильтр качества ─(переснять?)─► зоны ─► индикаторы ─► голова классификатора\nанкета ─► красные флаги? ─(к врачу)─► жёсткие правила ─► бейзлайн A: категория + тип кожи + рейтинг\n                                                     └► модель B: пригодность × активы (цели + фото) × рейтинг − штрафы ─► MMR ─► уход утро/вечер + почему',
    ),
    '```',
    '',
    w.heading('2.3'),
    dataStage(w, x),
    suitabilityStage(w, x),
    photoStage(w, x),
    rankingStage(w, x),
  ].join('\n');
}

function dataStage(w: Writer, x: DocInputs): string {
  const { L } = w;
  const c = x.catalog;
  const yes = L('yes', 'да');
  return [
    L('**Stage 1 — data preparation.**', '**Этап 1 — подготовка данных.**'),
    '',
    table(
      [
        L('data set', 'набор данных'),
        L('source', 'источник'),
        L('who is needed', 'кто нужен'),
        L('quality checked', 'качество проверено'),
      ],
      [
        [
          'Sephora catalog (1,472 products)',
          L(
            'public retail scrape (`../shared/data/skincare/SOURCES.md`)',
            'публичный скрейп магазина (`../shared/data/skincare/SOURCES.md`)',
          ),
          L('nobody (public)', 'никто (публичный)'),
          yes,
        ],
        [
          'LookFantastic catalog (1,138 products)',
          L('public retail scrape', 'публичный скрейп магазина'),
          L('nobody (public)', 'никто (публичный)'),
          yes,
        ],
        [
          'EU CosIng ingredient functions',
          L('European Commission', 'Европейская комиссия'),
          L('nobody (reuse allowed)', 'никто (переиспользование разрешено)'),
          yes,
        ],
        [
          L('knowledge base', 'база знаний'),
          L(
            'written by us, every entry cited (`src/systems/skincare/knowledge/`)',
            'написана нами, у каждой записи источник (`src/systems/skincare/knowledge/`)',
          ),
          L('a dermatologist to review', 'дерматолог для проверки'),
          L('sources cited; not reviewed by a clinician', 'источники указаны; клиницистом не проверено'),
        ],
        [
          L('partner products', 'продукты партнёров'),
          '`POST /v1/skincare/catalog/imports`',
          L('brand partners', 'бренды-партнёры'),
          L('per row, by the data contract', 'построчно, контрактом данных'),
        ],
        [
          L('labelled skin photos (SCIN)', 'размеченные фото кожи (SCIN)'),
          L(
            'Google, consented, its own licence; `mlsd data download scin`',
            'Google, с согласием, своя лицензия; `mlsd data download scin`',
          ),
          L("accepting SCIN's data-use terms", 'принятие условий использования SCIN'),
          L('**not available here**', '**здесь недоступно**'),
        ],
      ],
    ),
    '',
    c
      ? [
          L(
            `Output ${w.by('catalog')}: **${w.int(c.products)} products** in one catalog (${Object.entries(
              c.byCategory,
            )
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}), matched against ${w.int(c.cosingNames)} CosIng names.`,
            `Результат ${w.by('catalog')}: **${w.int(c.products)} продуктов** в одном каталоге (${Object.entries(
              c.byCategory,
            )
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}), сопоставлены с ${w.int(c.cosingNames)} названиями CosIng.`,
          ),
          '',
          table(
            [
              L('source', 'источник'),
              L('rows read', 'строк прочитано'),
              L('kept', 'оставлено'),
              L('dropped (largest reasons)', 'отброшено (главные причины)'),
              L('INCI exact match', 'INCI точное совпадение'),
              L('after normalisation', 'после нормализации'),
            ],
            c.sources.map((s) => [
              s.source,
              w.int(s.rowsRead),
              w.int(s.kept),
              s.dropped
                .slice()
                .sort((a, b) => b.count - a.count)
                .slice(0, 3)
                .map((d) => `${d.description} ${d.count}`)
                .join('; '),
              w.pct(s.inci.exactBefore.rate),
              `**${w.pct(s.inci.after.rate)}**`,
            ]),
          ),
          '',
          L(
            'Products with no real ingredient list are dropped, not kept with a flag: the safety rules cannot clear a product whose ingredients are unknown. Every reason, with examples, is in `docs/skincare/catalog-report.md`.',
            'Продукты без настоящего состава отброшены, а не оставлены с пометкой: правила безопасности не могут пропустить продукт с неизвестным составом. Все причины с примерами — в `docs/skincare/catalog-report.md`.',
          ),
        ].join('\n')
      : w.missing('catalog'),
    '',
  ].join('\n');
}

function suitabilityStage(w: Writer, x: DocInputs): string {
  const { L } = w;
  const s = x.suitability;
  if (!s)
    return [
      L('**Stage 2 — suitability model.**', '**Этап 2 — модель пригодности.**'),
      '',
      w.missing('suitability'),
      '',
    ].join('\n');
  const m = s.suitability.model;
  const prior = s.suitability.baselines.category_prior;
  const sk = s.sklearn_tfidf_logreg;
  const sig = s.suitability.signal;
  const gap = s.suitability.model_minus_category_prior.ci95;
  const real = gap[0] > 0 || gap[1] < 0;
  const verdict = real
    ? L('**a real difference**', '**реальная разница**')
    : L('**within noise**', '**в пределах шума**');
  const row = (name: string, macro: number, ci: [number, number] | null, per: Record<string, number>) => [
    name,
    withCi(w, macro, ci),
    ...TYPES.map((t) => w.num(per[t], 3)),
  ];
  return [
    L(
      '**Stage 2 — suitability model (ingredients → skin types).**',
      '**Этап 2 — модель пригодности (состав → типы кожи).**',
    ),
    '',
    L(
      `- **Data and split.** ${w.int(s.suitability.n)} Sephora products that state flags and list ingredients, ${w.int(s.suitability.brands)} brands; ${s.suitability.split} — a brand's products share formulas and labelling habits, so a random split would leak them. Hyper-parameters are chosen inside each training fold only. Intervals: products resampled by whole brands.\n- **Model.** Five seeded logistic heads (FTRL) over ingredient tokens weighted by position, CosIng function shares, knowledge-base hits, the category and the list length; brand indicators absorb each brand's labelling habit in training and are dropped when scoring. Used to score every product, LookFantastic's included.\n- **Metric.** ROC-AUC per type and macro, pooled out of fold: the ranking uses the score to order products, so discrimination is what matters.`,
      `- **Данные и разбиение.** ${w.int(s.suitability.n)} продуктов Sephora с флагами и составом, ${w.int(s.suitability.brands)} брендов; ${s.suitability.split} — продукты бренда делят формулы и привычки разметки, случайное разбиение дало бы утечку. Гиперпараметры выбираются только внутри обучающего фолда. Интервалы: бутстрэп целыми брендами.\n- **Модель.** Пять логистических голов (FTRL, seed) по токенам состава с весом по позиции, долям функций CosIng, совпадениям с базой знаний, категории и длине списка; индикаторы бренда поглощают его привычку разметки при обучении и отбрасываются при скоринге. Скорит каждый продукт, включая LookFantastic.\n- **Метрика.** ROC-AUC по типу и макро, по out-of-fold предсказаниям: ранжирование упорядочивает продукты по скору, поэтому важна различающая способность.`,
    ),
    '',
    table(
      [
        L(`ROC-AUC ${w.by('suitability')}`, `ROC-AUC ${w.by('suitability')}`),
        L('macro [95 % CI]', 'макро [95 % ДИ]'),
        ...TYPES,
      ],
      [
        row(L('**our model**', '**наша модель**'), m.macro_roc_auc, m.ci95.macro, m.per_type),
        row(
          L('category prior', 'априорное по категории'),
          prior.macro_roc_auc,
          prior.ci95.macro,
          prior.per_type,
        ),
        ...(sk.ran && sk.variants
          ? Object.entries(sk.variants).map(([name, v]) =>
              row(
                `scikit-learn ${sk.sklearn_version} TF-IDF + LR (${name})`,
                v.macro_roc_auc,
                null,
                v.per_type,
              ),
            )
          : []),
      ],
    ),
    '',
    L(
      `- Model − category prior: ${withCi(w, s.suitability.model_minus_category_prior.value, s.suitability.model_minus_category_prior.ci95)} — ${verdict}. ${s.model_minus_sklearn_words ? `Model − scikit-learn (words): ${withCi(w, s.model_minus_sklearn_words.value, s.model_minus_sklearn_words.ci95)}.` : ''} Per-fold macro AUC ${w.num(m.folds.mean)} ± ${w.num(m.folds.std)}. The issue's reference (scikit-learn 0.591, prior 0.571) was on 905 products / 92 brands under its own cleaning; this catalog keeps ${w.int(s.suitability.n)} / ${w.int(s.suitability.brands)}, so only the same-file comparison above is like for like.`,
      `- Модель − априорное по категории: ${withCi(w, s.suitability.model_minus_category_prior.value, s.suitability.model_minus_category_prior.ci95)} — ${verdict}. ${s.model_minus_sklearn_words ? `Модель − scikit-learn (слова): ${withCi(w, s.model_minus_sklearn_words.value, s.model_minus_sklearn_words.ci95)}.` : ''} Макро AUC по фолдам ${w.num(m.folds.mean)} ± ${w.num(m.folds.std)}. Ориентир из задачи (scikit-learn 0,591, априорное 0,571) получен на 905 продуктах / 92 брендах при своей очистке; здесь осталось ${w.int(s.suitability.n)} / ${w.int(s.suitability.brands)}, поэтому честно сравнивать только внутри одного файла, как выше.`,
    ),
    L(
      `- **How much signal the labels hold: little.** ${w.pct(sig.all_five_share)} of products are flagged for all five types (positive rates: ${TYPES.map((t) => `${t} ${w.pct(sig.positive_rate[t], 0)}`).join(', ')}); the other products of the same brand predict a product's flags with AUC ${w.num(Math.min(...TYPES.map((t) => sig.brand_habit_auc[t])), 2)}–${w.num(Math.max(...TYPES.map((t) => sig.brand_habit_auc[t])), 2)} — the flags are largely a brand's habit; a label-permutation test gives observed ${w.num(sig.permutation.observed_macro)} vs a null mean ${w.num(sig.permutation.null_mean)} (95th percentile ${w.num(sig.permutation.null_95th)}, p = ${w.num(sig.permutation.p_value, 3)} with ${sig.permutation.permutations} permutations). "Normal" is ranked worse than chance by every method. So suitability is one factor of the score; the actives and the hard rules carry the rest.`,
      `- **Сколько сигнала в разметке: мало.** ${w.pct(sig.all_five_share)} продуктов помечены для всех пяти типов (доли положительных: ${TYPES.map((t) => `${t} ${w.pct(sig.positive_rate[t], 0)}`).join(', ')}); другие продукты того же бренда предсказывают флаги продукта с AUC ${w.num(Math.min(...TYPES.map((t) => sig.brand_habit_auc[t])), 2)}–${w.num(Math.max(...TYPES.map((t) => sig.brand_habit_auc[t])), 2)} — флаги во многом привычка бренда; перестановочный тест: наблюдаемое ${w.num(sig.permutation.observed_macro)} против среднего под нулевой гипотезой ${w.num(sig.permutation.null_mean)} (95-й перцентиль ${w.num(sig.permutation.null_95th)}, p = ${w.num(sig.permutation.p_value, 3)} при ${sig.permutation.permutations} перестановках). «Normal» хуже случайного у всех методов. Поэтому пригодность — лишь один множитель скора; остальное дают активы и жёсткие правила.`,
    ),
    '',
  ].join('\n');
}
