import type { DocInputs } from './inputs.ts';
import { pctCi, table, withCi, type Writer } from './format.ts';

const DEGRADATION_NAMES: Record<string, [string, string]> = {
  clean: ['clean portrait', 'чистый портрет'],
  blur: ['blur', 'размытие'],
  dark: ['darkness', 'затемнение'],
  overexposed: ['over-exposure', 'пересвет'],
  crop: ['face cut off', 'лицо обрезано'],
  distance: ['face too small', 'лицо слишком мелкое'],
  no_face: ['no face', 'нет лица'],
  two_faces: ['two faces', 'два лица'],
};

/** Stage 3: the photo — quality gate, indicators, concern head, and the unmeasured accuracy. */
export function photoStage(w: Writer, x: DocInputs): string {
  const { L } = w;
  const g = x.qualityGate;
  const ind = x.indicators;
  return [
    L('**Stage 3 — photo analysis.**', '**Этап 3 — анализ фото.**'),
    '',
    L(
      "- **Pipeline.** sharp decodes safely (the pixel limit read from the header before decoding, animation refused, EXIF orientation applied, metadata dropped); `@vladmandic/human` (BlazeFace + a 468-point FaceMesh on TensorFlow.js WASM, weights inside the npm package) finds the face; no face embedding or description model is loaded. The gate checks exactly one face, its size and that it is not cut off, sharpness (Laplacian variance normalised by contrast), exposure and resolution; each failure has a concrete retake message. Forehead, cheeks and chin come from mesh landmark polygons with eyes, brows, lips and hair masked. Indicators (0..1, with a confidence from skin pixel counts and agreement between regions) are measured in CIE Lab: shine (specular highlights against the region's own tone), redness (a* hue and red patches against the face's own median), uneven tone, texture (fine L* detail).\n- **Validation without labels.** The gate's limits were chosen on a calibration split of the sample portraits and checked on held-out portraits under controlled degradations; the indicators under controlled transformations of the skin only (a stronger edit contains the weaker one).",
      '- **Конвейер.** sharp безопасно декодирует (лимит пикселей по заголовку до декодирования, анимация отклоняется, ориентация EXIF применяется, метаданные отбрасываются); `@vladmandic/human` (BlazeFace + сетка FaceMesh на 468 точек на TensorFlow.js WASM, веса внутри npm-пакета) находит лицо; модели эмбеддинга и описания лица не загружаются. Фильтр проверяет ровно одно лицо, его размер и что оно не обрезано, резкость (дисперсия лапласиана, нормированная на контраст), экспозицию и разрешение; на каждую ошибку — конкретная просьба переснять. Лоб, щёки и подбородок — полигоны по точкам сетки, глаза, брови, губы и волосы замаскированы. Индикаторы (0..1, уверенность по числу пикселей кожи и согласию зон) считаются в CIE Lab: блеск (блики относительно собственного тона зоны), покраснение (оттенок a* и красные пятна относительно медианы лица), неровный тон, текстура (мелкие детали L*).\n- **Проверка без разметки.** Пороги фильтра выбраны на калибровочной части портретов-образцов и проверены на отложенных портретах при контролируемых искажениях; индикаторы — при контролируемых изменениях только кожи (сильное изменение содержит слабое).',
    ),
    '',
    g
      ? [
          L(
            `Quality gate ${w.by('qualityGate')}: ${g.photos.portraits} portraits (${g.photos.calibration_portraits} for calibration), ${w.int(g.photos.cases)} degraded cases; held-out accuracy **${pctCi(w, g.overall.held_out.accuracy, g.overall.held_out.ci95)}** (${g.overall.held_out.correct}/${g.overall.held_out.n}, Wilson 95 % CI; borderline strengths counted apart).`,
            `Фильтр качества ${w.by('qualityGate')}: ${g.photos.portraits} портретов (${g.photos.calibration_portraits} для калибровки), ${w.int(g.photos.cases)} искажённых случаев; точность на отложенных **${pctCi(w, g.overall.held_out.accuracy, g.overall.held_out.ci95)}** (${g.overall.held_out.correct}/${g.overall.held_out.n}, 95 % ДИ Уилсона; пограничные силы считаются отдельно).`,
          ),
          '',
          table(
            [
              L('degradation', 'искажение'),
              L('held-out cases', 'отложенных случаев'),
              L('accuracy [95 % CI]', 'точность [95 % ДИ]'),
            ],
            Object.entries(g.by_degradation).map(([name, v]) => [
              L(...(DEGRADATION_NAMES[name] ?? [name, name])),
              w.int(v.held_out.n),
              pctCi(w, v.held_out.accuracy, v.held_out.ci95),
            ]),
          ),
        ].join('\n')
      : w.missing('qualityGate'),
    '',
    ind
      ? [
          L(
            `Indicators under controlled transformations of real sample portraits ${w.by('indicators')} (monotone = non-decreasing over ≥ 5 strengths; the largest cross-effect is how far another edit or an exposure change moves the indicator — a good one is specific):`,
            `Индикаторы при контролируемых изменениях реальных портретов-образцов ${w.by('indicators')} (монотонно = не убывает на ≥ 5 силах; наибольший побочный эффект — насколько индикатор сдвигает чужое изменение или экспозиция; хороший индикатор специфичен):`,
          ),
          '',
          table(
            [
              L('indicator', 'индикатор'),
              L('own edit', 'своё изменение'),
              L('portraits', 'портретов'),
              L('monotone', 'монотонно'),
              'Spearman',
              L('change at max [95 % CI]', 'сдвиг на максимуме [95 % ДИ]'),
              L('largest cross-effect', 'наибольший побочный эффект'),
            ],
            Object.entries(ind.summary).map(([name, s]) => {
              const cross = Object.entries(ind.cross_effects[name] ?? {}).sort((a, b) => b[1] - a[1])[0];
              const specific = cross ? cross[1] < s.delta_mean.value / 2 : true;
              return [
                name,
                s.transformation,
                w.int(s.portraits),
                w.pct(s.monotone_share, 0),
                w.num(s.spearman_mean, 3),
                withCi(w, s.delta_mean.value, s.delta_mean.ci),
                cross
                  ? `${cross[0]} ${w.num(cross[1], 3)}${specific ? '' : L(' — **not specific**', ' — **не специфичен**')}`
                  : '–',
              ];
            }),
          ),
        ].join('\n')
      : w.missing('indicators'),
    '',
    L(
      "- **Concern head.** One-vs-rest logistic heads over 78 named region features; it abstains below a confidence chosen on held-out groups. `mlsd skincare train-photo --layout scin|folder` trains it on SCIN or a folder per class, with balanced accuracy and its CI over people. Tested only on a fixture made from the sample portraits (tinted vs original skin) — that shows the pipeline learns what it can see, **not** a skin-condition accuracy.\n- **The seed's \"classification accuracy > 90 %\" is UNMEASURED.** No consented, licensed, labelled skin-photo set reaches this machine (SCIN lives in a cloud bucket under its own terms; Fitzpatrick17k, DermaMNIST and ACNE04 are non-commercial, unconsented or dermoscopic). **Protocol that would measure it:** (1) `mlsd data download scin --to DIR` after accepting SCIN's terms; keep head-and-neck cases, map dermatologist labels to our goals (acne, redness, pigmentation), record what is unmapped; (2) split by case/person (no person in two splits), stratified by Fitzpatrick type; (3) `mlsd skincare train-photo --data DIR --layout scin`; (4) report balanced accuracy with a person-level bootstrap CI, per class and per Fitzpatrick group, and the abstention rate; accept the 90 % target only if the CI's lower bound clears it on answered cases with abstention ≤ 20 %; (5) repeat on consented pilot photos labelled by a dermatologist before any claim to users.",
      '- **Голова классификатора.** Логистические головы «один против всех» по 78 именованным признакам зон; воздерживается ниже порога уверенности, выбранного на отложенных группах. `mlsd skincare train-photo --layout scin|folder` обучает её на SCIN или на папках по классам, с balanced accuracy и её ДИ по людям. Проверена только на фикстуре из портретов-образцов (тонированная и исходная кожа) — это показывает, что конвейер учится видимому, **но не** точность по состояниям кожи.\n- **«Точность классификации > 90 %» из исходного документа НЕ ИЗМЕРЕНА.** Согласованного, лицензированного, размеченного набора фото кожи на этой машине нет (SCIN лежит в облачном бакете на своих условиях; Fitzpatrick17k, DermaMNIST и ACNE04 — некоммерческие, без согласия или дерматоскопические). **Протокол измерения:** (1) `mlsd data download scin --to DIR` после принятия условий SCIN; оставить случаи головы и шеи, сопоставить метки дерматологов нашим целям (акне, покраснение, пигментация), записать несопоставленное; (2) разбиение по случаю/человеку (никто не попадает в две части), стратификация по типу Фицпатрика; (3) `mlsd skincare train-photo --data DIR --layout scin`; (4) balanced accuracy с бутстрэп-ДИ по людям, по классам и группам Фицпатрика, и доля воздержаний; цель 90 % принимается, только если нижняя граница ДИ выше неё на отвеченных случаях при воздержании ≤ 20 %; (5) повторить на согласованных фото пилота, размеченных дерматологом, прежде чем что-либо обещать пользователям.',
    ),
    '',
  ].join('\n');
}

/** Stage 4: the ranking — offline quality beside popularity and random, and the hard rules. */
export function rankingStage(w: Writer, x: DocInputs): string {
  const { L } = w;
  return [
    L('**Stage 4 — ranking and the routine.**', '**Этап 4 — ранжирование и уход.**'),
    '',
    L(
      "- **Hard rules first** (never traded against the score): sensitive skin → no fragrance allergen of Annex III, no parfum, no listed irritant; pregnancy → nothing to avoid in pregnancy; no two different products of the day's routine (morning and evening together: one face, one day) whose ingredients form a conflicting pair (retinoid + AHA or BHA, benzoyl peroxide + retinol/tretinoin or vitamin C, retinoid + vitamin C, AHA + BHA): a product that conflicts with one already chosen is passed over for the next best; a single product that itself holds both halves of a pair is its maker's formulation, allowed, and its explanation carries a note saying so (the same product morning and evening is one product); the budget per product; a product must list its ingredients. **Score:** suitability for the stated skin type (and sensitivity) × concern match (the actives for the goals, weighted by evidence; photo indicators with enough confidence raise the weight of the goals they point at) × a Bayesian-averaged rating, minus irritant and comedogenic penalties (comedogenic only for acne-prone or oily skin, weak evidence). **Routine:** AM cleanser, treatment, moisturiser, sunscreen; PM cleanser, treatment, moisturiser; MMR for diversity among treatments. **Why:** each product names the ingredient that serves each goal with its CosIng function.",
      '- **Сначала жёсткие правила** (не обмениваются на скор): чувствительная кожа → ни одного аллергена из Приложения III, без отдушки и перечисленных раздражителей; беременность → ничего из списка «избегать при беременности»; никаких двух разных продуктов дневного ухода (утро и вечер вместе: одно лицо, один день), чьи ингредиенты образуют конфликтующую пару (ретиноид + AHA или BHA, бензоилпероксид + ретинол/третиноин или витамин C, ретиноид + витамин C, AHA + BHA): продукт, конфликтующий с уже выбранным, пропускается ради следующего лучшего; один продукт, который сам содержит обе половины пары, — рецептура производителя, он допускается, а в его объяснении есть пометка об этом (один и тот же продукт утром и вечером — один продукт); бюджет на продукт; у продукта должен быть состав. **Скор:** пригодность для заявленного типа кожи (и чувствительности) × совпадение с целями (активы под цели с весом по доказательности; индикаторы фото с достаточной уверенностью повышают вес своих целей) × байесовский средний рейтинг, минус штрафы за раздражители и комедогенность (комедогенность — только для склонной к акне или жирной кожи, слабые доказательства). **Уход:** утром очищение, средство, увлажнение, SPF; вечером очищение, средство, увлажнение; MMR для разнообразия средств. **Почему:** у каждого продукта назван ингредиент под каждую цель с его функцией CosIng.',
    ),
    '',
    rankingNumbers(w, x),
    '',
  ].join('\n');
}

function rankingNumbers(w: Writer, x: DocInputs): string {
  const { L } = w;
  const e = x.evaluate;
  if (!e) return w.missing('evaluate');
  const r = e.ranking;
  return [
    L(
      `Offline, on held-out brands with the stated Sephora flags as relevance ${w.by('evaluate')}:`,
      `Офлайн, на отложенных брендах, релевантность — флаги Sephora ${w.by('evaluate')}:`,
    ),
    '',
    table(
      [L('ranker', 'ранжирование'), 'NDCG@10', 'MAP'],
      (['model', 'popularity', 'random'] as const).map((k) => [
        k === 'model'
          ? L('**model**', '**модель**')
          : k === 'popularity'
            ? L('popularity (rating)', 'популярность (рейтинг)')
            : L('random', 'случайное'),
        withCi(w, r.ndcg_at_10[k].value, r.ndcg_at_10[k].ci),
        withCi(w, r.map[k].value, r.map[k].ci),
      ]),
    ),
    '',
    ...Object.entries(r.details.versus).map(([name, v]) => {
      const real = v.ndcg_at_10.ci[0] > 0 || v.ndcg_at_10.ci[1] < 0;
      const who = name.replace('model_minus_', '');
      return L(
        `- Model − ${who}: NDCG@10 ${withCi(w, v.ndcg_at_10.value, v.ndcg_at_10.ci)}, MAP ${withCi(w, v.map.value, v.map.ci)} (paired bootstrap over queries) — ${real ? 'the CI excludes 0' : 'the CI includes 0: not better than ' + who}.`,
        `- Модель − ${who}: NDCG@10 ${withCi(w, v.ndcg_at_10.value, v.ndcg_at_10.ci)}, MAP ${withCi(w, v.map.value, v.map.ci)} (парный бутстрэп по запросам) — ${real ? 'ДИ не содержит 0' : 'ДИ содержит 0: не лучше, чем ' + who}.`,
      );
    }),
    '',
    L(
      `Hard rules on **${w.int(e.rules.questionnaires)} generated questionnaires: ${w.int(e.rules.violations)} violations**. The flags are weak relevance (most products are flagged for every type), so these ranking numbers bound how well the flags can be matched, not how good a routine is for a person — that is the pilot's question.`,
      `Жёсткие правила на **${w.int(e.rules.questionnaires)} сгенерированных анкетах: ${w.int(e.rules.violations)} нарушений**. Флаги — слабая релевантность (большинство продуктов помечены для всех типов), поэтому эти числа ограничивают, насколько можно совпасть с флагами, а не насколько уход хорош для человека — это вопрос пилота.`,
    ),
  ].join('\n');
}
