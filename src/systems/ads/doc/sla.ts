import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';

type OpenLoopRun = { achieved_per_second: number; latency_ms: { p99: number } };

/** Whether decide met its P99 at the target rate, on each store the run measured. */
export function decideTargetsMet(
  x: DocInputs,
): { sqlite: boolean; postgres: boolean | undefined } | undefined {
  const d = x.decide;
  if (!d) return undefined;
  const meets = (r: OpenLoopRun) =>
    r.latency_ms.p99 <= d.targets.p99_ms && r.achieved_per_second >= d.targets.rate_per_second * 0.99;
  return {
    sqlite: meets(d.sqlite.decide_only),
    postgres: 'decide_only' in d.postgres ? meets(d.postgres.decide_only) : undefined,
  };
}

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
  const status = decideTargetsMet(x)!;
  const p99 = d.sqlite.decide_only.latency_ms.p99;
  const met = status.sqlite;
  const pg = 'decide_only' in d.postgres ? d.postgres : undefined;
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
      ? L(
          `- **The target is met on SQLite:** P99 ${p99} ms (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× the bare route's P99 in the same run).`,
          `- **Цель достигнута на SQLite:** P99 ${p99} мс (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× P99 голого маршрута в том же прогоне).`,
        )
      : L(
          `- **The target is not met on SQLite:** P99 ${p99} ms against ${target.p99_ms} ms (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× the bare route's P99 in the same run).`,
          `- **Цель не достигнута на SQLite:** P99 ${p99} мс против ${target.p99_ms} мс (${w.num(p99 / d.bare_fastify.latency_ms.p99, 1)}× P99 голого маршрута в том же прогоне).`,
        ),
    ...(pg
      ? [
          status.postgres
            ? L(
                `- **Met on PostgreSQL + Redis too:** P99 ${pg.decide_only.latency_ms.p99} ms.`,
                `- **Достигнута и на PostgreSQL + Redis:** P99 ${pg.decide_only.latency_ms.p99} мс.`,
              )
            : L(
                `- **Not met on PostgreSQL + Redis:** P99 ${pg.decide_only.latency_ms.p99} ms (a decision waits for its commit on PostgreSQL, and for the rate limit and the user history on Redis: three network round trips on the same cores).`,
                `- **Не достигнута на PostgreSQL + Redis:** P99 ${pg.decide_only.latency_ms.p99} мс (решение ждёт своего коммита в PostgreSQL, а лимит запросов и история пользователя — Redis: три сетевых обмена на тех же ядрах).`,
              ),
        ]
      : []),
    L(
      `- **With events:** when every decision's impression (and a click in 50) is posted too, SQLite answers ${w.int(d.sqlite.decide_with_events.achieved_per_second)} decisions/s of ${w.int(target.rate_per_second)} at P99 ${d.sqlite.decide_with_events.latency_ms.p99} ms${pg ? `, PostgreSQL + Redis ${w.int(pg.decide_with_events.achieved_per_second)}/s at P99 ${pg.decide_with_events.latency_ms.p99} ms` : ''}. Events are group-committed: the events that arrive while one transaction commits share the next, which writes them in a fixed number of statements (event rows, decisions, user history, the dashboard's totals, one bandit state update, the experiment's outcomes) whatever their number. Decisions are group-committed the same way. SQLite's checkpoints of its write-ahead log run on a worker thread, not inside a request's commit.`,
      `- **С событиями:** когда на каждое решение приходит и показ (и клик в одном случае из 50), SQLite отвечает на ${w.int(d.sqlite.decide_with_events.achieved_per_second)} решений/с из ${w.int(target.rate_per_second)} при P99 ${d.sqlite.decide_with_events.latency_ms.p99} мс${pg ? `, PostgreSQL + Redis — ${w.int(pg.decide_with_events.achieved_per_second)}/с при P99 ${pg.decide_with_events.latency_ms.p99} мс` : ''}. События пишутся групповым коммитом: события, пришедшие, пока коммитится одна транзакция, попадают в следующую, и она записывает их фиксированным числом команд (строки событий, решения, история пользователя, счётчики дашборда, одно обновление состояния бандита, исходы эксперимента), сколько бы их ни было. Решения пишутся так же. Контрольные точки журнала SQLite выполняются в отдельном потоке, а не внутри коммита запроса.`,
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
