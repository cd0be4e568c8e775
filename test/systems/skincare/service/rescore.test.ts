// A re-scored recommendation over the real routes and SQLite store: the satisfaction monitor (fed
// by the poller from the funnel rows) and the pilot metrics (read from the store) both count the
// latest score of each recommendation, once.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AlertNotifier } from '../../../../src/platform/monitoring/alerts.ts';
import { skincareMonitoringConfigSchema } from '../../../../src/systems/skincare/monitoring/config.ts';
import { SkincareMonitor } from '../../../../src/systems/skincare/monitoring/monitor.ts';
import { StorePoller } from '../../../../src/systems/skincare/monitoring/poller.ts';
import { pilotMetricsFromStore } from '../../../../src/systems/skincare/pilot/store.ts';
import { pilotExperiment } from '../../../../src/systems/skincare/service/flow.ts';
import { hostForFile } from './helpers.ts';

const t = hostForFile();
const MINUTE = 60_000;

describe('a re-scored recommendation', () => {
  it('reaches the satisfaction monitor and the pilot as its latest score, counted once', async () => {
    const now = () => Date.UTC(2025, 0, 6, 12) + 24 * 60 * MINUTE; // past any row of the host's clock
    const config = skincareMonitoringConfigSchema.parse({
      SKINCARE_MONITOR_SATISFACTION_WINDOW: '5',
      SKINCARE_MONITOR_MIN_WINDOW_MS: '0',
    });
    const monitor = new SkincareMonitor({
      db: t().db,
      alerts: new AlertNotifier(new Registry()),
      metrics: new Registry(),
      config,
    });
    await monitor.restore();
    const poller = new StorePoller(t().db, monitor, 0);

    const routineFor = async (user: string) => {
      const answer = await t().call('POST', '/v1/skincare/recommendations', {
        user_id: user,
        questionnaire: { skin_type: 'oily', sensitive: false, goals: ['acne'] },
      });
      expect(answer.status).toBe(201);
      return answer.body.recommendation_id as string;
    };
    const rate = (recommendation_id: string, score: number) =>
      t().call('POST', '/v1/skincare/feedback', { recommendation_id, score });
    const first = await routineFor('rescore-a');
    const others: string[] = [];
    for (const user of ['rescore-b', 'rescore-c', 'rescore-d', 'rescore-e'])
      others.push(await routineFor(user));

    expect((await rate(first, 9)).body.outcome).toBe('created');
    await poller.poll(now());
    expect(monitor.open.scores).toBe(1);

    t().advance(MINUTE);
    expect((await rate(first, 2)).body).toMatchObject({ outcome: 'replaced', previous_score: 9 });
    expect(await poller.poll(now())).toBe(1); // the rewritten feedback row, read again
    expect(monitor.open.scores).toBe(1); // the 2 replaced the 9 in the open window

    // A retry with the same score changes no row: nothing new for the poller.
    t().advance(MINUTE);
    expect((await rate(first, 2)).body.outcome).toBe('unchanged');
    expect(await poller.poll(now())).toBe(0);

    for (const other of others) {
      t().advance(MINUTE);
      await rate(other, 4);
    }
    await poller.poll(now());
    await monitor.flush();
    const windows = await monitor.satisfactionHistory();
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ scores: 5, mean: 3.6 }); // (2 + 4 × 4) / 5, not (9 + 4 × 4) / 5

    const feedbackRows = await t()
      .db.selectFrom('skincare_funnel_events')
      .select(['ref', 'detail'])
      .where('step', '=', 'feedback')
      .orderBy('ref')
      .execute();
    expect(feedbackRows).toHaveLength(5);
    for (const row of feedbackRows) expect(row.detail).toBe(row.ref === first ? '2' : '4');

    const m = await pilotMetricsFromStore(t().db, {
      start: Date.UTC(2025, 0, 6),
      end: now(),
      experiment: pilotExperiment(0.5, 'skincare-pilot-1'),
    });
    expect(m.satisfaction.overall).toMatchObject({ users: 5, scores: 5, mean: 3.6 });
    expect(m.funnel.overall.find((s) => s.step === 'feedback')!.funnel_users).toBe(5);
  });
});
