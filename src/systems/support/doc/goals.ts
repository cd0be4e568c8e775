import type { DocInputs } from './inputs.ts';
import { rssAtTarget, requirementsTable, type Writer } from './format.ts';
import { availability, availabilityCell, cores, SLA_SHARE } from './sla.ts';

/** Section 1: goals and premises. */
export function goalsSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const load = x.load;
  const e2e100 = load?.doc_rate_100_per_second?.end_to_end_ms?.p99;
  return [
    w.heading('1'),
    w.heading('1.1'),
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
    w.heading('1.2'),
    requirementsTable(w, [
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
    ]),
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
    w.heading('1.3', 'Что входит в скоуп проекта, а что нет'),
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
    w.heading('1.4'),
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
