import { ASSETS_SEGMENT, SHELL_SCRIPTS, SHELL_STYLES } from './assets.ts';

/** The common prefix of every dashboard page: the index here, a system's panels below it. */
export const DASHBOARD_PATH = '/dashboard';

/** A chart's place in a panel; the system's script draws into it by id. */
export interface ChartSlot {
  id: string;
  kind: 'uplot' | 'echarts';
  /** Two columns wide (e.g. a time series with many lines). */
  wide?: boolean;
}

/** One panel of a system's page: a titled section with tiles, charts, a note and/or own markup. */
export interface Panel {
  /** Anchor of the section; its tiles go to `#<id>-tiles`, its note to `#<id>-note`. */
  id: string;
  title: string;
  tiles?: boolean;
  charts?: ChartSlot[];
  /** Text under the charts (escaped); `''` leaves an empty note for the script to fill. */
  note?: string;
  /** A table skeleton under the charts: its header row, and an empty body `#<id>` for the script. */
  table?: { id: string; headers: string[] };
  /** Markup of the system's own, trusted: written by the system's code. */
  html?: string;
}

export interface DashboardPage {
  /** Shown in the header and the browser tab. */
  title: string;
  /** Where the system's panels are served, e.g. `/dashboard/shop` (its plugin's `prefix`). */
  base: string;
  panels: Panel[];
  /** URL of the system's script, loaded after the shell's helpers (`window.mlsd`). */
  script: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/**
 * Text made safe for HTML content and attribute values.
 *
 * @example
 * escapeHtml('<b title="x">R&D</b>'); // '&lt;b title=&quot;x&quot;&gt;R&amp;D&lt;/b&gt;'
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const asset = (file: string) => `${DASHBOARD_PATH}/${ASSETS_SEGMENT}/${file}`;

function document(options: { title: string; base: string; nav: string; main: string; scripts: string[] }) {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>mlsd — ${e(options.title)}</title>
${SHELL_STYLES.map((file) => `    <link rel="stylesheet" href="${e(asset(file))}" />`).join('\n')}
  </head>
  <body data-base="${e(options.base)}">
    <header>
      <a class="home" href="${DASHBOARD_PATH}">mlsd dashboards</a>
      <h1>${e(options.title)}</h1>
      <nav>${options.nav}</nav>
      <span class="updated" id="updated"></span>
    </header>
    <main>
${options.main}
    </main>
${options.scripts.map((src) => `    <script src="${e(src)}"></script>`).join('\n')}
  </body>
</html>
`;
}

function tableSkeleton({ id, headers }: { id: string; headers: string[] }): string {
  const e = escapeHtml;
  return `<table>
          <thead>
            <tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr>
          </thead>
          <tbody id="${e(id)}"></tbody>
        </table>`;
}

function panelSection(panel: Panel): string {
  const e = escapeHtml;
  const parts = [`<h2>${e(panel.title)}</h2>`];
  if (panel.tiles) parts.push(`<div class="tiles" id="${e(panel.id)}-tiles"></div>`);
  if (panel.charts?.length)
    parts.push(
      `<div class="charts">${panel.charts
        .map(
          (c) => `<div class="chart${c.wide ? ' wide' : ''}" id="${e(c.id)}" data-chart="${c.kind}"></div>`,
        )
        .join('')}</div>`,
    );
  if (panel.table) parts.push(tableSkeleton(panel.table));
  if (panel.html) parts.push(panel.html);
  if (panel.note !== undefined) parts.push(`<p class="note" id="${e(panel.id)}-note">${e(panel.note)}</p>`);
  return `      <section id="${e(panel.id)}">\n        ${parts.join('\n        ')}\n      </section>`;
}

/**
 * A system's dashboard page in the platform's layout: header with the way back to the index and
 * links to the panels, the panels in a grid, the shell's helpers and then the system's script.
 */
export function dashboardPage(page: DashboardPage): string {
  const ids = new Set<string>();
  const elementIds = (p: Panel) => [
    p.id,
    ...(p.charts ?? []).map((c) => c.id),
    ...(p.table ? [p.table.id] : []),
  ];
  for (const id of page.panels.flatMap(elementIds)) {
    if (ids.has(id)) throw new Error(`dashboard page "${page.title}": element id "${id}" is used twice`);
    ids.add(id);
  }
  return document({
    title: page.title,
    base: page.base,
    nav: page.panels.map((p) => `<a href="#${escapeHtml(p.id)}">${escapeHtml(p.title)}</a>`).join(''),
    main: page.panels.map(panelSection).join('\n'),
    scripts: [...SHELL_SCRIPTS.map(asset), page.script],
  });
}

/** The index of the systems that have a dashboard, each linking to its page. */
export function indexPage(systems: readonly { name: string; title: string }[]): string {
  const e = escapeHtml;
  const items = systems.length
    ? `<ul class="systems">${systems
        .map(
          (s) =>
            `<li><a href="${DASHBOARD_PATH}/${e(s.name)}">${e(s.title)}</a> <code>${e(s.name)}</code></li>`,
        )
        .join('')}</ul>`
    : '<p class="note">No system in this process has a dashboard.</p>';
  return document({
    title: 'dashboards',
    base: DASHBOARD_PATH,
    nav: '',
    main: `      <section id="systems"><h2>Systems</h2>${items}</section>`,
    scripts: [],
  });
}
