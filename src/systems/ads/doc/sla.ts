import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';

/** Section 4.3: system requirements — decide latency at the target rate beside a bare route. */
export function slaSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const d = x.decide;
  const head = [w.heading('4.3')];
  if (!d) return [...head, w.missing('decide'), ''].join('\n');
  const target = d.targets;
  const rows: string[][] = [
    [L('bare Fastify route (peer)', 'голый маршрут Fastify (эталон)'), ...cells(w, d.bare_fastify)],
    [L('SQLite: decide', 'SQLite: decide'), ...cells(w, d.sqlite.decide_only)],
    [
      L('SQLite: decide + its events', 'SQLite: decide + его события'),
      ...cells(w, d.sqlite.decide_with_events),
    ],
  ];
  if ('decide_only' in d.postgres)
    rows.push(
      [L('PostgreSQL + Redis: decide', 'PostgreSQL + Redis: decide'), ...cells(w, d.postgres.decide_only)],
      [
        L('PostgreSQL + Redis: decide + events', 'PostgreSQL + Redis: decide + события'),
        ...cells(w, d.postgres.decide_with_events),
      ],
    );
  const p99 = d.sqlite.decide_only.latency_ms.p99;
  const met =
    p99 <= target.p99_ms && d.sqlite.decide_only.achieved_per_second >= target.rate_per_second * 0.99;
  const load = d.load_average_1min;
  return [
    ...head,
    L(
      `- **Target:** \`POST /v1/ads/decide\` P99 ≤ ${target.p99_ms} ms at ${w.int(target.rate_per_second)} requests/s, open loop (fixed rate, so a slow answer cannot slow the load down) ${w.by('decide')}, on ${d.machine.cores} cores${load ? L(` (load average ${load.before} before the run: the machine was shared)`, ` (средняя загрузка ${load.before} перед прогоном: машина была общей)`) : ''}:`,
      `- **Цель:** \`POST /v1/ads/decide\` P99 ≤ ${target.p99_ms} мс при ${w.int(target.rate_per_second)} запросах/с, открытый цикл (фиксированная частота: медленный ответ не замедляет нагрузку) ${w.by('decide')}, на ${d.machine.cores} ядрах${load ? ` (средняя загрузка ${load.before} перед прогоном: машина была общей)` : ''}:`,
    ),
    '',
    table(
      [
        L('run', 'прогон'),
        L('achieved / s', 'достигнуто / с'),
        'P50',
        'P95',
        'P99',
        L('peak RSS', 'пик RSS'),
      ],
      rows,
    ),
    '',
    met
      ? L(`- The target is met on SQLite: P99 ${p99} ms.`, `- Цель достигнута на SQLite: P99 ${p99} мс.`)
      : L(
          `- **The target is not met:** P99 ${p99} ms on SQLite against ${target.p99_ms} ms (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× the bare route's P99 in the same run).`,
          `- **Цель не достигнута:** P99 ${p99} мс на SQLite против ${target.p99_ms} мс (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× P99 голого маршрута в том же прогоне).`,
        ),
    L(
      `- **With events:** when every decision's impression (and a click in 50) is posted too, SQLite keeps up with ${w.int(d.sqlite.decide_with_events.achieved_per_second)} decisions/s of ${w.int(target.rate_per_second)}: each event is its own transaction (the event row, the bandit state, the user history, the experiment outcome), and that path, not decide, is what to batch next. Decide itself logs its decisions by group commit (one transaction for the decisions that arrive while the last one commits).`,
      `- **С событиями:** когда на каждое решение приходит и показ (и клик в одном случае из 50), SQLite успевает ${w.int(d.sqlite.decide_with_events.achieved_per_second)} решений/с из ${w.int(target.rate_per_second)}: каждое событие — своя транзакция (строка события, состояние бандита, история пользователя, исход эксперимента), и именно этот путь, а не decide, надо пакетировать следующим. Сам decide пишет решения групповым коммитом (одна транзакция на решения, пришедшие, пока коммитится предыдущая).`,
    ),
    '',
  ].join('\n');
}

function cells(
  w: Writer,
  r: {
    achieved_per_second: number;
    latency_ms: { p50: number; p95: number; p99: number };
    peak_rss_mib?: number;
  },
): string[] {
  const ms = w.L('ms', 'мс');
  return [
    w.int(r.achieved_per_second),
    `${w.num(r.latency_ms.p50, 2)} ${ms}`,
    `${w.num(r.latency_ms.p95, 2)} ${ms}`,
    `${w.num(r.latency_ms.p99, 2)} ${ms}`,
    r.peak_rss_mib === undefined ? '–' : `${w.int(r.peak_rss_mib)} MiB`,
  ];
}
