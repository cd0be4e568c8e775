// The skincare dashboard's panels in the browser: they draw /dashboard/skincare/api/* with the
// shell's helpers (platform/dashboard/client/shell.client.js), refreshed every 5 s. The echarts
// options come from the server, built by the same functions as the pilot report's SVG.
const { $, esc, pct, num, getJson, tiles, uplot, chart, refresh, refreshAlerts } = globalThis.mlsd;

const ARM = { A: 'A (rule-based)', B: 'B (model)' };
const armName = (arm) => ARM[arm] ?? arm;
const interval = (ci, format = (v) => num(v, 2)) => (ci ? `[${format(ci[0])}, ${format(ci[1])}]` : '–');
const NO_DATA = 'no data yet';

/** An echarts option that says "no data yet" in the middle of its box when there is none. */
const orNoData = (option, hasData) =>
  hasData
    ? option
    : {
        ...option,
        graphic: {
          type: 'text',
          left: 'center',
          top: 'middle',
          style: { text: NO_DATA, fontSize: 14, fill: '#888' },
        },
      };

/** A uPlot chart (the shell's `uplot`) with "no data yet" over its plot while it has no points. */
function uplotOrNoData(id, spec) {
  const plot = uplot(id, spec);
  if (spec.data[0].length === 0) {
    const note = document.createElement('div');
    note.className = 'no-data';
    note.textContent = NO_DATA;
    note.style.cssText =
      'position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#888;font-size:14px;pointer-events:none';
    plot.over.append(note);
  }
  return plot;
}

const STATUS = { pass: '✓ pass', fail: '✗ fail', pending: '… pending' };

async function refreshPilot() {
  const { metrics: m, charts } = await getJson('api/pilot');
  const firstWeek = m.active_users.weeks[0];
  tiles('criteria-tiles', [
    ['days', num(m.period.days, 1)],
    ['started', m.arms.map((a) => `${esc(a)} ${m.users.started[a]}`).join(' · ')],
    ['active users, week 1', firstWeek ? firstWeek.users : 0],
    ['partner brands', m.partners.brands.length],
    ['split check p', num(m.users.srm_p_value, 3)],
  ]);
  $('criteria-rows').innerHTML = m.criteria
    .map(
      (c) =>
        `<tr data-status="${esc(c.status)}"><td>${esc(c.name)}</td><td class="status-${esc(c.status)}">${esc(STATUS[c.status])}</td><td>${esc(c.detail)}</td></tr>`,
    )
    .join('');

  const started = m.funnel.overall[0].users;
  chart('chart-funnel', orNoData(charts.funnel, started > 0), started > 0);
  $('funnel-rows').innerHTML = m.funnel.overall
    .flatMap((step, i) =>
      Object.entries(m.funnel.by_arm).map(([arm, steps]) => {
        const s = steps[i];
        const r = s.from_previous;
        return `<tr data-step="${esc(step.step)}" data-arm="${esc(arm)}"><td>${esc(step.step)}${step.optional ? ' (optional)' : ''}</td><td>${esc(armName(arm))}</td><td data-field="users">${s.funnel_users}</td><td data-field="conversion">${r && r.rate !== null ? `${pct(r.rate)} ${interval(r.ci, pct)}` : '–'}</td></tr>`;
      }),
    )
    .join('');

  const sat = m.satisfaction;
  tiles('satisfaction-tiles', [
    ...m.arms.map((a) => {
      const s = sat.by_arm[a];
      return [`${armName(a)} (n = ${s.users})`, `${num(s.mean, 2)} <small>${interval(s.ci)}</small>`];
    }),
    ...Object.entries(sat.differences).map(([arm, d]) => [
      `${arm} − ${m.arms[0]}`,
      `${num(d.difference, 2)} <small>${interval(d.ci)}</small>`,
    ]),
    ['target', sat.target],
    ['n per arm for δ = ' + sat.power.delta, sat.power.rule_of_thumb_n_per_arm],
  ]);
  $('satisfaction-tiles').dataset.metrics = JSON.stringify(sat.by_arm);
  chart('chart-satisfaction', orNoData(charts.satisfaction, sat.overall.users > 0), sat.overall.users > 0);
  chart(
    'chart-weeks',
    orNoData(charts.weeks, m.active_users.weeks.length > 0),
    m.active_users.weeks.length > 0,
  );

  const q = m.photo_quality.overall;
  tiles('photos-tiles', [
    ['judged photos', q.photos],
    ['rejected', q.rejected],
    [
      'rejection rate',
      q.rejection_rate.rate === null
        ? '–'
        : `${pct(q.rejection_rate.rate)} <small>${interval(q.rejection_rate.ci, pct)}</small>`,
    ],
  ]);
  chart('chart-rejections', orNoData(charts.rejections, q.rejected > 0), q.rejected > 0);
}

async function refreshMonitoring() {
  const d = await getJson('api/monitoring');
  const s = d.satisfaction;
  uplotOrNoData('chart-satisfaction-windows', {
    title: 'Mean score per monitor window',
    series: [
      { label: 'mean', stroke: '#5470c6' },
      { label: '95 % low', stroke: '#5470c6', dash: [4, 4], width: 1 },
      { label: '95 % high', stroke: '#5470c6', dash: [4, 4], width: 1 },
      { label: `target ${d.target}`, stroke: '#c23531', dash: [6, 4] },
    ],
    data: [
      s.map((w) => w.end / 1000),
      s.map((w) => w.mean),
      s.map((w) => w.ci?.[0] ?? null),
      s.map((w) => w.ci?.[1] ?? null),
      s.map(() => d.target),
    ],
  });
  $('satisfaction-note').textContent =
    `${s.length} satisfaction windows closed; ${d.open.scores} scores in the open window. Warn: a window's mean below ${d.target}; alert: its whole interval below, in consecutive windows.`;
  const r = d.rejections;
  uplotOrNoData('chart-rejection-windows', {
    title: 'Rejection rate per monitor window',
    series: [
      { label: 'rate', stroke: '#ee6666' },
      { label: '95 % low', stroke: '#ee6666', dash: [4, 4], width: 1 },
      { label: 'baseline', stroke: '#91cc75', dash: [6, 4] },
    ],
    data: [
      r.map((w) => w.end / 1000),
      r.map((w) => w.rate),
      r.map((w) => w.ci?.[0] ?? null),
      r.map((w) => w.baseline_rate),
    ],
  });
}

async function refreshCatalog() {
  const c = await getJson('api/catalog');
  const rows = [
    ...c.sources.filter((s) => !s.source.startsWith('partner:')).map((s) => [s.source, s.products]),
    ...c.partner_brands.map((p) => [`partner: ${p.brand}`, p.products]),
  ];
  $('catalog-rows').innerHTML = rows.length
    ? rows
        .map(
          ([source, n]) =>
            `<tr data-source="${esc(source)}"><td>${esc(source)}</td><td data-field="products">${n}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="2">no products</td></tr>';
  $('catalog-note').textContent =
    `${c.imports} partner imports, ${c.rejected_rows} rows refused.${c.note ? ` Note: ${c.note}.` : ''}`;
}

refresh({
  pilot: refreshPilot,
  monitoring: refreshMonitoring,
  catalog: refreshCatalog,
  alerts: refreshAlerts,
});
