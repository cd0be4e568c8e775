// The support dashboard's panels in the browser: they draw /dashboard/support/api/* with the
// shell's helpers (platform/dashboard/client/shell.client.js), refreshed every 5 s.
const { $, esc, pct, num, getJson, tiles, uplot, psiChart, chart, refresh } = globalThis.mlsd;

async function refreshOverview() {
  const o = await getJson('api/overview');
  const states = o.states;
  tiles('overview-tiles', [
    ['received (all time)', Object.values(states).reduce((a, b) => a + b, 0)],
    ['sent', states.sent ?? 0],
    ['skipped', states.skipped ?? 0],
    ['dead-lettered', states.dead_lettered ?? 0],
    ['classify queue', o.queues.classify],
    ['dispatch queue', o.queues.dispatch],
  ]);
  const xs = o.series.map((p) => p.at / 1000);
  uplot('chart-throughput', {
    title: 'Comments per minute',
    series: [
      { label: 'received', stroke: '#5470c6' },
      { label: 'finished', stroke: '#91cc75' },
    ],
    data: [xs, o.series.map((p) => p.received), o.series.map((p) => p.finished)],
  });
  uplot('chart-latency', {
    title: 'Accepted → final state (ms)',
    series: [
      { label: 'P50', stroke: '#5470c6' },
      { label: 'P99', stroke: '#ee6666' },
    ],
    data: [xs, o.series.map((p) => p.p50_ms), o.series.map((p) => p.p99_ms)],
  });
  const reasons = Object.keys(o.skips_by_reason);
  chart(
    'chart-skips',
    {
      title: { text: 'Skips and dead letters by reason' },
      grid: { right: 10, bottom: 60 },
      xAxis: { type: 'category', data: reasons, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', data: reasons.map((r) => o.skips_by_reason[r]), itemStyle: { color: '#73c0de' } },
      ],
    },
    reasons.length > 0,
  );
}

async function refreshModel() {
  const m = await getJson('api/model');
  const dev = m.dev ?? {};
  tiles('model-tiles', [
    ['version', esc(m.version)],
    ['macro-F1 (dev)', num(dev.macro_f1)],
    ['negative ROC-AUC', num(dev.negative?.roc_auc)],
    ['negative F1', num(dev.negative?.f1)],
    ['precision / recall', `${pct(dev.negative?.precision)} / ${pct(dev.negative?.recall)}`],
    ['ECE', num(dev.ece)],
  ]);
  const c = m.curves;
  $('model-note').textContent = c
    ? `Curves on ${c.split}.`
    : 'This model has no recorded curves (retrain to record them).';
  chart(
    'chart-reliability',
    {
      title: { text: 'Reliability of P(negative)' },
      xAxis: { type: 'value', min: 0, max: 1, name: 'predicted' },
      yAxis: { type: 'value', min: 0, max: 1, name: 'observed' },
      series: [
        {
          type: 'line',
          data: [
            [0, 0],
            [1, 1],
          ],
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#999' },
        },
        {
          type: 'line',
          data: (c?.reliability ?? []).map((b) => [b.predicted, b.observed]),
          itemStyle: { color: '#5470c6' },
        },
      ],
    },
    Boolean(c?.reliability?.length),
  );
  chart(
    'chart-threshold',
    {
      title: { text: 'Precision and recall against the threshold' },
      legend: {},
      xAxis: { type: 'value', min: 0, max: 1, name: 'P(negative) ≥' },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        {
          type: 'line',
          name: 'precision',
          symbol: 'none',
          data: (c?.threshold ?? []).map((p) => [p.threshold, p.precision]),
          markLine: c
            ? { symbol: 'none', data: [{ xAxis: c.chosen, name: 'chosen' }], lineStyle: { color: '#ee6666' } }
            : undefined,
        },
        {
          type: 'line',
          name: 'recall',
          symbol: 'none',
          data: (c?.threshold ?? []).map((p) => [p.threshold, p.recall]),
        },
      ],
    },
    Boolean(c?.threshold?.length),
  );
}

async function refreshPilot() {
  const p = await getJson('api/pilot');
  const a = p.analysis;
  if (!p.active || !a) {
    tiles('pilot-tiles', [['pilot', esc(p.status)]]);
    $('pilot-note').textContent = p.note ?? '';
    chart('chart-arms', { title: { text: 'No pilot data' } }, false);
    return;
  }
  const b = a.primary.arms[1];
  tiles('pilot-tiles', [
    ['experiment', esc(p.experiment)],
    ['SRM p', num(a.srm_p_value)],
    ['lift (B vs A)', `${pct(b.lift)}`],
    ['p (z-test)', b.p_value.toExponential(1)],
    ['always-valid p', a.sequential.length ? a.sequential.at(-1).p_value_always_valid.toExponential(1) : '–'],
    ['verdict', a.verdict.success ? 'success' : 'not yet'],
  ]);
  $('pilot-note').textContent = a.verdict.checks
    .map((c) => `${c.pass ? '✓' : '✗'} ${c.name}: ${c.detail}`)
    .join(' · ');
  // Built on the server by the same chart builders as the SVG pilot report.
  chart('chart-arms', p.charts.arms, true);
  chart('chart-sequential', p.charts.sequential, true);
}

async function refreshDrift() {
  const d = await getJson('api/drift');
  const last = d.windows.at(-1);
  tiles('drift-tiles', [
    ['level', last ? `<span class="level-${last.level}">${last.level}</span>` : '–'],
    ['windows', d.windows.length],
  ]);
  psiChart('chart-psi', d, 'PSI per feature and window');
}

async function refreshFeed() {
  const rows = await getJson('api/feed');
  $('feed-rows').innerHTML = rows
    .map((r) => {
      const why = (r.explanation ?? [])
        .map((e) => `${esc(e.feature)} (${num(e.contribution, 2)})`)
        .join(', ');
      const text = r.text.length > 200 ? `${r.text.slice(0, 200)}…` : r.text;
      const decision = r.state === 'skipped' ? `skipped: ${esc(r.reason)}` : esc(r.state);
      return `<tr data-comment="${esc(r.comment_id)}"><td>${esc(text)}</td><td>${num(r.p_negative)}</td><td class="${esc(r.state)}">${decision}${r.experiment_arm ? ` · arm ${esc(r.experiment_arm)}` : ''}</td><td>${why}</td><td>${esc(r.message ?? '')}</td></tr>`;
    })
    .join('');
}

refresh({
  overview: refreshOverview,
  model: refreshModel,
  pilot: refreshPilot,
  drift: refreshDrift,
  feed: refreshFeed,
});
