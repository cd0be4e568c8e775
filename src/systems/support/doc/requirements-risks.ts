import type { DocInputs } from './inputs.ts';
import { rssAtTarget, table, type Writer } from './format.ts';
import { availability, availabilityCell, cores, SLA_MS, SLA_SHARE } from './sla.ts';

/** The identity-term risk: open while the measured template gap exceeds the accepted limit. */
function identityRisk(w: Writer, x: DocInputs): string {
  const { L } = w;
  const q = x.quality;
  const limit = x.identityTerms?.maxTemplateGap;
  if (!q) return w.missing('quality');
  if (limit === undefined) return w.missing('identityTerms');
  const worst = q.identity.reduce((a, b) => (b.templateGap > a.templateGap ? b : a));
  const open = worst.templateGap > limit;
  const gap = w.pct(worst.templateGap, 0);
  const max = `${w.pct(limit, 0)} ${w.from('identityTerms')}`;
  return open
    ? L(
        `identity check ${w.by('quality')}: largest template gap ${gap} (${worst.category}) > the accepted ${max} — **open**, see the model report`,
        `проверка идентичности ${w.by('quality')}: наибольший разрыв на шаблонах ${gap} (${worst.category}) > допустимых ${max} — **открыто**, см. отчёт модели`,
      )
    : L(
        `identity check ${w.by('quality')}: largest template gap ${gap} (${worst.category}) ≤ the accepted ${max} — mitigated`,
        `проверка идентичности ${w.by('quality')}: наибольший разрыв на шаблонах ${gap} (${worst.category}) ≤ допустимых ${max} — снижено`,
      );
}

export function riskRows(w: Writer, x: DocInputs): string[][] {
  const { L } = w;
  const r = x.retrain?.verdict;
  const d = x.drift;
  const q = x.quality;
  return [
    [
      L('slang', 'сленг'),
      L('missed sad users', 'пропуск грустных пользователей'),
      L(
        'retraining: challenger on service labels, shadow, promotion on a significant win, rollback',
        'переобучение: претендент на разметке из сервиса, теневой режим, продвижение при значимом выигрыше, откат',
      ),
      r
        ? L(
            `invented-slang drill: challenger right on ${r.challenger.correct} vs ${r.champion.correct} of ${r.held_back}, McNemar p = ${r.mcnemar.pValue.toExponential(1)} ${w.by('retrain')}`,
            `учение с придуманным сленгом: претендент прав в ${r.challenger.correct} против ${r.champion.correct} из ${r.held_back}, McNemar p = ${r.mcnemar.pValue.toExponential(1)} ${w.by('retrain')}`,
          )
        : w.missing('retrain'),
    ],
    [
      L('another language', 'другой язык'),
      L('wrong answers', 'ошибки'),
      L(
        'language filter (eld + English marker words): skip with reason not_english',
        'языковой фильтр (eld + английские служебные слова): пропуск с причиной not_english',
      ),
      x.eda
        ? L(
            `\`test/ml/language.test.ts\`, service tests; false skips on English dev comments ${w.pct(x.eda.shares.nonEnglishFlagged, 2)} ${w.by('eda')}`,
            `\`test/ml/language.test.ts\`, тесты сервиса; ложные пропуски английских комментариев dev ${w.pct(x.eda.shares.nonEnglishFlagged, 2)} ${w.by('eda')}`,
          )
        : w.missing('eda'),
    ],
    [
      L('heavy flow', 'большой поток'),
      L('overload', 'перегрузка'),
      L('durable queue, micro-batches, leases', 'надёжная очередь, микро-батчи, аренды'),
      x.crash
        ? L(
            `load bench; crash drill: lost ${x.crash.lost}, at most ${x.crash.max_redelivered_per_kill} redelivered per kill ${w.by('crash')}`,
            `нагрузочный тест; аварийное учение: потеряно ${x.crash.lost}, не больше ${x.crash.max_redelivered_per_kill} повторных доставок на остановку ${w.by('crash')}`,
          )
        : w.missing('crash'),
    ],
    [
      L('abuse', 'злоупотребление'),
      L('overload', 'перегрузка'),
      L('API keys, per-key rate limit, body limit', 'API-ключи, лимит частоты на ключ, лимит тела'),
      x.faults
        ? L(
            `service tests (401/413/429); fuzz ${w.int(x.faults.fuzz.requests)} requests ${w.by('faults')}`,
            `тесты сервиса (401/413/429); фаззинг ${w.int(x.faults.fuzz.requests)} запросов ${w.by('faults')}`,
          )
        : w.missing('faults'),
    ],
    [
      L('spurious correlations', 'ложные корреляции'),
      L('wrong answers', 'неверные ответы'),
      L(
        'feature analysis: top features, per-comment explanations, identity-term check',
        'анализ признаков: топ-признаки, объяснения, проверка терминов идентичности',
      ),
      identityRisk(w, x),
    ],
    [
      L('data drift', 'дрейф данных'),
      L('quality loss', 'потеря качества'),
      L(
        'monitoring: PSI/KS/Wasserstein per window with persistence, feedback precision, Page–Hinkley, audit labels; alerts',
        'мониторинг: PSI/KS/Вассерштейн по окнам с персистентностью, точность по обратной связи, Page–Hinkley, аудиторская разметка; алерты',
      ),
      d
        ? L(
            `drift drills: ${d.false_alarms.persisted_alerts} false alerts in ${d.false_alarms.windows} in-domain windows; out-of-domain alert after ${d.detections.map((x) => x.comments_until_alert ?? L('never', 'никогда')).join(' / ')} comments ${w.by('drift')}`,
            `учения по дрейфу: ${d.false_alarms.persisted_alerts} ложных алертов на ${d.false_alarms.windows} окнах своих данных; чужие данные — алерт через ${d.detections.map((x) => x.comments_until_alert ?? L('never', 'никогда')).join(' / ')} комментариев ${w.by('drift')}`,
          )
        : w.missing('drift'),
    ],
    [
      L('character substitution', 'подмена символов'),
      L('wrong answers', 'ошибки'),
      L(
        'normalisation filter: NFKC, invisible characters, homoglyphs, leetspeak, elongation',
        'фильтр нормализации: NFKC, невидимые символы, омоглифы, leetspeak, растягивание',
      ),
      q
        ? L(
            `macro-F1 drop on character-substituted dev ${(q.robustness.drop * 100).toFixed(2)} points (≤ 1) ${w.by('quality')}`,
            `падение macro-F1 на dev с подменой символов ${(q.robustness.drop * 100).toFixed(2)} п.п. (≤ 1) ${w.by('quality')}`,
          )
        : w.missing('quality'),
    ],
  ];
}

/** Section 4.3: every target with its measurement; the technical-debt line of 1.3 points here. */
export function requirementsTable(w: Writer, x: DocInputs): string {
  const { L } = w;
  const load = x.load;
  if (!load) return w.missing('load');
  const t = load.targets;
  const pg = load.postgres;
  const s = x.speed;
  const sla = availability(x);
  const yes = (ok: boolean) => (ok ? L('✅ met', '✅ выполнено') : L('❌ not met', '❌ не выполнено'));
  return table(
    [L('target', 'цель'), L('measured', 'измерено'), L('status', 'статус')],
    [
      [
        L(
          `P99 accepted → delivered at 100 comments/s ≤ ${w.int(t.p99_end_to_end_ms_at_100_per_second)} ms (doc: < ${SLA_MS / 1000} s)`,
          `P99 от приёма до доставки при 100/с ≤ ${w.int(t.p99_end_to_end_ms_at_100_per_second)} мс (документ: < ${SLA_MS / 1000} с)`,
        ),
        `${load.doc_rate_100_per_second.end_to_end_ms.p99} ${L('ms', 'мс')} ${w.by('load')}`,
        yes(load.doc_rate_100_per_second.end_to_end_ms.p99 <= t.p99_end_to_end_ms_at_100_per_second),
      ],
      [
        L(
          `sustained ≥ ${w.int(t.sustained_comments_per_second)} comments/s (SQLite, ${cores(w, load.machine.cores)})`,
          `устойчиво ≥ ${w.int(t.sustained_comments_per_second)} комментариев/с (SQLite, на ${cores(w, load.machine.cores)})`,
        ),
        `${w.int(load.highest_sustained_comments_per_second)}${L('/s', '/с')}`,
        yes(load.highest_sustained_comments_per_second >= t.sustained_comments_per_second),
      ],
      [
        L(
          `sustained ≥ ${w.int(t.sustained_comments_per_second)} comments/s, PostgreSQL + pg-boss, API + 2 workers`,
          `устойчиво ≥ ${w.int(t.sustained_comments_per_second)} комментариев/с, PostgreSQL + pg-boss, API + 2 воркера`,
        ),
        pg?.highest_sustained_comments_per_second !== undefined
          ? `${w.int(pg.highest_sustained_comments_per_second)}${L('/s', '/с')}`
          : '–',
        pg?.highest_sustained_comments_per_second !== undefined
          ? yes(pg.highest_sustained_comments_per_second >= t.sustained_comments_per_second)
          : '–',
      ],
      s
        ? [
            L(
              `scoring ≥ ${w.int(s.targets.scoring_per_second)} comments/s on one core`,
              `скоринг ≥ ${w.int(s.targets.scoring_per_second)} комментариев/с на одном ядре`,
            ),
            `${w.int(s.scoring.per_second.model_scores)}${L('/s', '/с')} ${w.by('speed')}`,
            yes(s.scoring.per_second.model_scores >= s.targets.scoring_per_second),
          ]
        : [L('scoring on one core', 'скоринг на одном ядре'), w.missing('speed'), '–'],
      [
        L(
          `peak RSS ≤ ${w.int(t.peak_rss_mib)} MiB at the target rate (${w.int(t.sustained_comments_per_second)}/s)`,
          `пиковая RSS ≤ ${w.int(t.peak_rss_mib)} МиБ при целевой скорости (${w.int(t.sustained_comments_per_second)}/с)`,
        ),
        `${rssAtTarget(load)} ${L('MiB', 'МиБ')} ${L(`(${load.service_peak_rss_mib} over the whole run, overload included)`, `(${load.service_peak_rss_mib} за весь прогон с перегрузкой)`)}`,
        yes(rssAtTarget(load) <= t.peak_rss_mib),
      ],
      [
        L(
          `SLA ${w.pct(SLA_SHARE, 0)} availability: share of comments answered (2xx and final state) within ${SLA_MS / 1000} s; nothing lost under kill -9`,
          `SLA ${w.pct(SLA_SHARE, 0)}, доступность: доля комментариев с ответом (2xx и конечное состояние) за ${SLA_MS / 1000} с; ничего не потеряно при kill -9`,
        ),
        availabilityCell(w, x),
        sla.met === null || !x.crash ? '–' : yes(sla.met && x.crash.lost === 0),
      ],
    ],
  );
}
