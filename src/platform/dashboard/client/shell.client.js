// The dashboards' shared browser helpers, as `globalThis.mlsd` (plain script, no build step):
// JSON from the system's endpoints with the session cookie, tiles, uPlot and echarts charts laid
// out so that titles, legends and plots never cover each other, periodic refresh, error display.
// A system's script loads after this one and draws only its own panels with these.
(() => {
  const $ = (id) => document.getElementById(id);
  /** Where the page's system serves its endpoints, e.g. '/dashboard/shop'. */
  const base = document.body.dataset.base ?? '';

  const esc = (s) =>
    String(s ?? '').replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  const missing = (v) => v === null || v === undefined || Number.isNaN(v);
  const pct = (v) => (missing(v) ? '–' : `${(v * 100).toFixed(1)} %`);
  const num = (v, digits = 3) => (missing(v) ? '–' : Number(v).toFixed(digits));

  /** GET `<base>/<path>` (or an absolute path) as JSON; a failure names the URL, status and detail. */
  async function getJson(path) {
    const url = path.startsWith('/') ? path : `${base}/${path}`;
    const response = await fetch(url, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(`${url}: ${response.status}${problem.detail ? ` (${problem.detail})` : ''}`);
    }
    return response.json();
  }

  /** Tiles of [label, value]: labels are escaped, values are markup (escape text with `esc`). */
  function tiles(id, entries) {
    $(id).innerHTML = entries
      .map(([label, value]) => `<div class="tile">${esc(label)}<b>${value}</b></div>`)
      .join('');
  }

  const MINUTE = 60;
  /**
   * The x range of a time axis (seconds): the data's own span. A single time (one drift window,
   * one minute of traffic) gets ten minutes either side: uPlot alone would add 86,400 of its
   * time units, which with seconds is a thousand days.
   */
  function timeRange(u, min, max) {
    const xs = u.data[0];
    if (xs.length === 0) {
      const now = Date.now() / 1000;
      return [now - 60 * MINUTE, now];
    }
    if (xs[xs.length - 1] - xs[0] < MINUTE) {
      const middle = (xs[0] + xs[xs.length - 1]) / 2;
      return [middle - 10 * MINUTE, middle + 10 * MINUTE];
    }
    return [min, max];
  }

  const plots = {};
  /**
   * A uPlot chart filling the element `id`: `series` [{label, stroke, …}], `data` [xs, ys…].
   * The canvas is shrunk by what the title and the legend take, so both stay inside the box.
   * `time: false` for a numeric x axis (e.g. days); `options` are passed to uPlot.
   */
  function uplot(id, { title, series, data, time = true, options = {} }) {
    const el = $(id);
    plots[id]?.destroy();
    const width = el.clientWidth;
    const { scales = {}, hooks = {}, ...rest } = options;
    const x = time ? { time: true, range: timeRange } : { time: false };
    // uPlot sizes its canvas only; the title above it and the legend below come on top. They are
    // measured once laid out at the chart's width (on `ready`), and the canvas gives up that
    // height — in the next microtask, as a resize inside uPlot's own commit is not applied.
    const fitTitleAndLegend = (u) => {
      const around = ['.u-title', '.u-legend']
        .map((selector) => u.root.querySelector(selector)?.offsetHeight ?? 0)
        .reduce((a, b) => a + b, 0);
      Promise.resolve().then(() => u.setSize({ width, height: Math.max(80, el.clientHeight - around) }));
    };
    const plot = new uPlot(
      {
        title,
        width,
        height: el.clientHeight,
        // Points stay visible while a series has only a minute or a day of data.
        series: [
          {},
          ...series.map((s) => ({ width: 2, points: { show: true, size: 7, fill: s.stroke }, ...s })),
        ],
        ...rest,
        scales: { ...scales, x: { ...x, ...scales.x } },
        hooks: { ...hooks, ready: [fitTitleAndLegend, ...(hooks.ready ?? [])] },
      },
      data,
      el,
    );
    plots[id] = plot;
    el.dataset.rendered = data[0].length > 0 ? 'true' : 'empty';
    return plot;
  }

  // The title's line, then the legend's, then the plot: fixed strips so none covers another.
  const TITLE_TOP = 4;
  const LEGEND_TOP = 30;
  const GRID_TOP_UNDER_TITLE = 44;
  const GRID_TOP_UNDER_LEGEND = 64;

  /** An echarts option with the shell's layout of title, legend and grid. */
  function layout(option) {
    const title = option.title && {
      left: 'left',
      ...option.title,
      top: TITLE_TOP,
      textStyle: { fontSize: 13, ...option.title.textStyle },
    };
    // One scrolling line: a legend that wrapped onto a second line would reach into the plot.
    const legend = option.legend && { type: 'scroll', left: 'center', ...option.legend, top: LEGEND_TOP };
    const top = legend ? GRID_TOP_UNDER_LEGEND : GRID_TOP_UNDER_TITLE;
    const grid = {
      left: 50,
      right: 20,
      bottom: 40,
      ...option.grid,
      top: Math.max(top, option.grid?.top ?? 0),
    };
    return { animation: false, ...option, title, legend, grid };
  }

  const charts = {};
  /** An echarts chart in the element `id`, laid out by the shell; `hasData` marks it rendered. */
  function chart(id, option, hasData) {
    const el = $(id);
    charts[id] ??= echarts.init(el, null, { renderer: 'canvas' });
    charts[id].setOption(layout(option), true);
    el.dataset.rendered = hasData ? 'true' : 'empty';
    return charts[id];
  }

  let running = false;
  /**
   * The drift panel's chart every system shares: PSI per feature per window (a drift window of the
   * platform's WindowMonitor: `{at, psi: {feature: value}}`) with the warn and alert thresholds.
   */
  function psiChart(id, drift, title = 'PSI per feature and window') {
    const features = [...new Set(drift.windows.flatMap((w) => Object.keys(w.psi)))];
    const colors = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];
    uplot(id, {
      title,
      series: [
        ...features.map((f, i) => ({ label: f, stroke: colors[i % colors.length] })),
        { label: 'warn', stroke: '#b7791f', dash: [6, 4] },
        { label: 'alert', stroke: '#c23531', dash: [6, 4] },
      ],
      data: [
        drift.windows.map((w) => w.at / 1000),
        ...features.map((f) => drift.windows.map((w) => w.psi[f] ?? null)),
        drift.windows.map(() => drift.thresholds.warn),
        drift.windows.map(() => drift.thresholds.alert),
      ],
    });
  }

  /**
   * The Alerts panel's refresh (a page of systemDashboard's with `alerts`): the system's recent
   * alerts from `api/alerts`, newest first, as rows of `#alert-rows`.
   */
  async function refreshAlerts() {
    const alerts = await getJson('api/alerts');
    $('alert-rows').innerHTML = alerts.length
      ? alerts
          .map(
            (a) =>
              `<tr data-source="${esc(a.source)}"><td>${esc(new Date(a.at).toLocaleString())}</td><td>${esc(a.source)}</td><td class="level-${esc(a.level)}">${esc(a.level)}</td><td>${esc(a.message)}</td></tr>`,
          )
          .join('')
      : '<tr><td colspan="4">no alerts</td></tr>';
  }

  /**
   * Runs every panel's refresh now and every `everyMs`: a failing panel leaves the others drawn
   * and is named in the header. Sets `body[data-loaded]` after the first round.
   */
  function refresh(panels, everyMs = 5000) {
    const round = async () => {
      if (running) return; // a slow round is not stacked on
      running = true;
      const names = Object.keys(panels);
      const results = await Promise.allSettled(names.map((name) => panels[name]()));
      running = false;
      const failed = names
        .map((name, i) => [name, results[i]])
        .filter(([, result]) => result.status === 'rejected')
        .map(([name, result]) => `${name}: ${result.reason?.message ?? result.reason}`);
      const status = $('updated');
      status.textContent = failed.length
        ? `update failed — ${failed.join('; ')}`
        : `updated ${new Date().toLocaleTimeString()}`;
      status.classList.toggle('failed', failed.length > 0);
      document.body.dataset.loaded = 'true';
    };
    round();
    setInterval(round, everyMs);
  }

  globalThis.mlsd = {
    $,
    base,
    esc,
    pct,
    num,
    getJson,
    tiles,
    uplot,
    psiChart,
    chart,
    layout,
    timeRange,
    refresh,
    refreshAlerts,
    plots,
    charts,
  };
})();
