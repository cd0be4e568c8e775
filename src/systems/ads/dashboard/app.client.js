// The ads dashboard's panels in the browser: they draw /dashboard/ads/api/* with the shell's
// helpers (platform/dashboard/client/shell.client.js), refreshed every 5 s.
const { $, esc, pct, num, getJson, tiles, uplot, psiChart, chart, refresh, refreshAlerts } = globalThis.mlsd;

const interval = (e, format = pct) =>
  e && e.value !== null ? `${format(e.value)} <small>[${format(e.ci[0])}, ${format(e.ci[1])}]</small>` : '–';
const money = (v) => num(v, 2);

/** A rate per window with its interval as dashed lines. */
function rateChart(id, title, windows, pick, stroke) {
  uplot(id, {
    title,
    series: [
      { label: title, stroke },
      { label: '95 % low', stroke, dash: [4, 4], width: 1 },
      { label: '95 % high', stroke, dash: [4, 4], width: 1 },
    ],
    data: [
      windows.map((w) => w.end / 1000),
      windows.map((w) => pick(w).value),
      windows.map((w) => pick(w).ci?.[0] ?? null),
      windows.map((w) => pick(w).ci?.[1] ?? null),
    ],
  });
}

async function refreshOutcomes() {
  const d = await getJson('api/windows');
  const last = d.windows.at(-1);
  const c = last?.calibration;
  tiles('outcomes-tiles', [
    ['windows', d.windows.length],
    ['impressions (last window)', last ? last.counts.impressions : '–'],
    ['CTR', interval(last?.ctr)],
    ['close rate', interval(last?.close_rate)],
    ['revenue / 1,000', interval(last?.revenue_per_1000, money)],
    ['p_click mean vs observed', c ? `${pct(c.mean_predicted)} / ${pct(c.observed.value)}` : '–'],
    ['ECE', c ? num(c.ece, 4) : '–'],
    ['open window', d.open_window_impressions],
  ]);
  $('outcomes-tiles').dataset.window = last ? JSON.stringify(last) : '';
  rateChart('chart-ctr', 'CTR', d.windows, (w) => w.ctr, '#5470c6');
  rateChart('chart-close', 'Close rate', d.windows, (w) => w.close_rate, '#ee6666');
  rateChart(
    'chart-revenue',
    `Revenue / 1,000 (CPC ${d.price_per_click})`,
    d.windows,
    (w) => w.revenue_per_1000,
    '#91cc75',
  );
  const bins = d.calibration_bins;
  const top = Math.max(0.01, ...bins.map((b) => Math.max(b.predicted, b.observed)));
  chart(
    'chart-calibration',
    {
      title: { text: 'Reliability of p_click (last window)' },
      xAxis: { type: 'value', min: 0, max: top, name: 'predicted' },
      yAxis: { type: 'value', min: 0, max: top, name: 'observed' },
      series: [
        {
          type: 'line',
          data: [
            [0, 0],
            [top, top],
          ],
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#999' },
        },
        {
          type: 'scatter',
          data: bins.map((b) => [b.predicted, b.observed, b.count]),
          itemStyle: { color: '#5470c6' },
        },
      ],
    },
    bins.length > 0,
  );
}

async function refreshBanners() {
  const rows = await getJson('api/banners');
  $('banner-rows').innerHTML = rows
    .map(
      (b) =>
        `<tr data-banner="${esc(b.banner_id)}"><td>${b.title && b.title !== b.banner_id ? `${esc(b.title)} ` : ''}<code>${esc(b.banner_id)}</code></td><td class="${esc(b.status)}">${esc(b.status)}</td>` +
        `<td data-field="impressions">${b.impressions}</td><td data-field="clicks">${b.clicks}</td><td data-field="closes">${b.closes}</td>` +
        `<td data-field="ctr">${interval(b.ctr)}</td><td data-field="posterior">${num(b.posterior_mean, 4)}</td></tr>`,
    )
    .join('');
}

async function refreshExperiment() {
  const e = await getJson('api/experiment');
  const a = e.analysis;
  const primary = a?.metrics[0];
  const treatment = primary?.analysis.arms[1];
  tiles('experiment-tiles', [
    ['experiment', esc(e.experiment ?? 'off')],
    ['SRM p', a ? num(a.srm_p_value) : '–'],
    [primary ? `lift of ${esc(primary.name)}` : 'lift', treatment ? pct(treatment.lift) : '–'],
    ['p (z-test)', treatment?.p_value != null ? treatment.p_value.toExponential(1) : '–'],
    ['verdict', a ? (a.verdict.success ? 'success' : 'not yet') : '–'],
  ]);
  $('experiment-note').textContent = a
    ? a.verdict.checks.map((c) => `${c.pass ? '✓' : '✗'} ${c.name}: ${c.detail}`).join(' · ')
    : (e.note ?? '');
  $('arm-rows').innerHTML = e.arms
    .map(
      (r) =>
        `<tr data-arm="${esc(r.arm)}"><td>${esc(r.arm)}</td><td data-field="decisions">${r.decisions}</td><td data-field="impressions">${r.impressions}</td>` +
        `<td data-field="clicks">${r.clicks}</td><td data-field="closes">${r.closes}</td><td data-field="ctr">${interval(r.ctr)}</td>` +
        `<td data-field="revenue">${interval(r.revenue_per_1000, money)}</td></tr>`,
    )
    .join('');
}

async function refreshDrift() {
  const d = await getJson('api/drift');
  tiles('drift-tiles', [
    ['level', `<span class="level-${esc(d.level)}">${esc(d.level)}</span>`],
    ['windows', d.windows.length],
    ['reference', d.reference_missing ? `${d.reference_missing} requests to go` : 'complete'],
  ]);
  psiChart('chart-psi', d, 'PSI per context feature and window');
}

refresh({
  outcomes: refreshOutcomes,
  banners: refreshBanners,
  experiment: refreshExperiment,
  drift: refreshDrift,
  alerts: refreshAlerts,
});
