import type { Panel } from '../../../platform/dashboard/layout.ts';

/**
 * The ads dashboard's panels; its script (app.client.js) fills them by these ids. The Alerts
 * panel comes last from the platform (systemDashboard's `alerts`).
 */
export const ADS_PANELS: Panel[] = [
  {
    id: 'outcomes',
    title: 'Outcomes per window',
    tiles: true,
    charts: [
      { id: 'chart-ctr', kind: 'uplot' },
      { id: 'chart-close', kind: 'uplot' },
      { id: 'chart-revenue', kind: 'uplot' },
      { id: 'chart-calibration', kind: 'echarts' },
    ],
    note: 'Each window is measured one window after it closes, so late clicks and closes count; bands: 95 % Wilson intervals.',
  },
  {
    id: 'banners',
    title: 'Banners',
    table: {
      id: 'banner-rows',
      headers: ['banner', 'status', 'impressions', 'clicks', 'closes', 'CTR (95 % CI)', 'posterior mean'],
    },
  },
  {
    id: 'experiment',
    title: 'Experiment: bandit vs control',
    tiles: true,
    table: {
      id: 'arm-rows',
      headers: ['arm', 'decisions', 'impressions', 'clicks', 'closes', 'CTR (95 % CI)', 'revenue / 1,000'],
    },
    note: '',
  },
  {
    id: 'drift',
    title: 'Context drift',
    tiles: true,
    charts: [{ id: 'chart-psi', kind: 'uplot', wide: true }],
    note: 'PSI of each window of decide requests against the reference window; dashed lines: warn 0.1, alert 0.25.',
  },
];
