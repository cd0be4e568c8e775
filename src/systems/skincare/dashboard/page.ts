import type { Panel } from '../../../platform/dashboard/layout.ts';

/**
 * The skincare dashboard's panels; its script (app.client.js) fills them by these ids. The Alerts
 * panel comes last from the platform (systemDashboard's `alerts`).
 */
export const SKINCARE_PANELS: Panel[] = [
  {
    id: 'criteria',
    title: 'Pilot success criteria',
    tiles: true,
    table: { id: 'criteria-rows', headers: ['criterion', 'status', 'measured'] },
  },
  {
    id: 'funnel',
    title: 'Funnel per arm',
    charts: [{ id: 'chart-funnel', kind: 'echarts' }],
    table: { id: 'funnel-rows', headers: ['step', 'arm', 'users', 'from previous step (95 % CI)'] },
  },
  {
    id: 'satisfaction',
    title: 'Satisfaction per arm vs 7.5',
    tiles: true,
    charts: [
      { id: 'chart-satisfaction', kind: 'echarts' },
      { id: 'chart-satisfaction-windows', kind: 'uplot' },
    ],
    note: '',
  },
  {
    id: 'active',
    title: 'Active users per week',
    charts: [{ id: 'chart-weeks', kind: 'echarts' }],
    note: 'Active in a week: at least one routine (not a red-flag referral) or one score.',
  },
  {
    id: 'photos',
    title: 'Photo-quality rejections',
    tiles: true,
    charts: [
      { id: 'chart-rejections', kind: 'echarts' },
      { id: 'chart-rejection-windows', kind: 'uplot' },
    ],
    note: 'Right: the rejection rate per monitor window with its baseline; an alert needs the window’s lower bound 50 % and 5 points above it, in consecutive windows.',
  },
  {
    id: 'catalog',
    title: 'Catalog',
    table: { id: 'catalog-rows', headers: ['source', 'products'] },
    note: '',
  },
];
