import type { Panel } from '../../../platform/dashboard/layout.ts';

/** The support dashboard's panels; its script (app.client.js) fills them by these ids. */
export const SUPPORT_PANELS: Panel[] = [
  {
    id: 'overview',
    title: 'Overview',
    tiles: true,
    charts: [
      { id: 'chart-throughput', kind: 'uplot' },
      { id: 'chart-latency', kind: 'uplot' },
      { id: 'chart-skips', kind: 'echarts' },
    ],
  },
  {
    id: 'model',
    title: 'Model',
    tiles: true,
    charts: [
      { id: 'chart-reliability', kind: 'echarts' },
      { id: 'chart-threshold', kind: 'echarts' },
    ],
    note: '',
  },
  {
    id: 'pilot',
    title: 'Pilot A/B',
    tiles: true,
    charts: [
      { id: 'chart-arms', kind: 'echarts' },
      { id: 'chart-sequential', kind: 'echarts' },
    ],
    note: '',
  },
  {
    id: 'drift',
    title: 'Drift',
    tiles: true,
    charts: [{ id: 'chart-psi', kind: 'uplot', wide: true }],
    note: 'PSI of each window of classified comments against the training reference; dashed lines: warn 0.1, alert 0.25.',
  },
  {
    id: 'feed',
    title: 'Live feed',
    table: {
      id: 'feed-rows',
      headers: ['comment', 'P(negative)', 'decision', 'why (top n-grams)', 'message'],
    },
  },
];
