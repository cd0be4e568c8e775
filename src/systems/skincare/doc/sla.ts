import type { DocInputs } from './inputs.ts';
import { table, type Writer } from './format.ts';

/** Section 4.3: latency and memory of the two online steps, measured by the benchmarks. */
export function slaSection(w: Writer, x: DocInputs): string {
  const { L } = w;
  const p = x.photo;
  const r = x.recommend;
  const met = (ok: boolean) => (ok ? L('met', 'выполнено') : L('**not met**', '**не выполнено**'));
  return [
    L(
      'Targets: photo analysis P95 ≤ 1.5 s on this machine (face mesh included); a routine P99 ≤ 20 ms at 100 requests/s. The machine is shared (2 cores, other sessions running), so the numbers are upper bounds.',
      'Цели: анализ фото P95 ≤ 1,5 с на этой машине (с сеткой лица); уход P99 ≤ 20 мс при 100 запросах/с. Машина общая (2 ядра, другие сессии), поэтому числа — оценки сверху.',
    ),
    '',
    table(
      [
        L('step', 'шаг'),
        L('load', 'нагрузка'),
        'P50',
        'P95',
        'P99',
        L('target', 'цель'),
        L('peak RSS', 'пиковая RSS'),
      ],
      [
        ...(p
          ? [
              [
                L('photo analysis, portraits', 'анализ фото, портреты') + ` ${w.by('photo')}`,
                L(`${p.portraits.requests} sequential, warm`, `${p.portraits.requests} подряд, прогрето`),
                `${w.int(p.portraits.p50_ms)} ms`,
                `${w.int(p.portraits.p95_ms)} ms`,
                `${w.int(p.portraits.p99_ms)} ms`,
                `P95 ≤ ${p.target.p95_ms} ms: ${met(p.portraits.p95_ms <= p.target.p95_ms)}`,
                `${w.int(p.peak_rss_mib)} MiB`,
              ],
              [
                L('photo analysis, 12 MP phone photos', 'анализ фото, фото телефона 12 Мп'),
                L(`${p.phone_12mp.requests} sequential`, `${p.phone_12mp.requests} подряд`),
                `${w.int(p.phone_12mp.p50_ms)} ms`,
                `${w.int(p.phone_12mp.p95_ms)} ms`,
                `${w.int(p.phone_12mp.p99_ms)} ms`,
                `P95 ≤ ${p.target.p95_ms} ms: ${met(p.phone_12mp.p95_ms <= p.target.p95_ms)}`,
                '',
              ],
            ]
          : [[L('photo analysis', 'анализ фото'), w.missing('photo'), '', '', '', '', '']]),
        ...(r
          ? (['model', 'baseline'] as const).map((arm) => {
              const a = r.arms[arm];
              return [
                (arm === 'model'
                  ? L('routine, model (B)', 'уход, модель (B)')
                  : L('routine, baseline (A)', 'уход, бейзлайн (A)')) +
                  (arm === 'model' ? ` ${w.by('recommend')}` : ''),
                L(
                  `${a.target_per_second}/s open loop, ${w.int(r.catalog.products)} products`,
                  `${a.target_per_second}/с открытый цикл, ${w.int(r.catalog.products)} продуктов`,
                ),
                `${w.num(a.latency_ms.p50, 1)} ms`,
                `${w.num(a.latency_ms.p95, 1)} ms`,
                `${w.num(a.latency_ms.p99, 1)} ms`,
                `P99 ≤ ${a.target_p99_ms} ms: ${met(a.target_met)}`,
                arm === 'model' ? `${w.int(r.peak_rss_mib)} MiB` : '',
              ];
            })
          : [[L('routine', 'уход'), w.missing('recommend'), '', '', '', '', '']]),
      ],
    ),
    '',
    p
      ? L(
          `The photo model loads and warms up once per process (${w.int(p.model_load_and_warmup_ms)} ms, ${p.backend}).`,
          `Модель фото загружается и прогревается один раз на процесс (${w.int(p.model_load_and_warmup_ms)} мс, ${p.backend}).`,
        )
      : '',
  ].join('\n');
}
