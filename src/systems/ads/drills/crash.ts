import type { Kysely } from 'kysely';
import type { AdsSchema } from '../service/tables.ts';
import { openStore } from '../../../platform/store/store.ts';
import { startAdsProcess, type AdsProcess } from './ads-process.ts';
import { DrillClient } from './client.ts';
import { checkLedger, type LedgerCheck } from './ledger.ts';

export interface CrashTrialOptions {
  dataDir: string;
  /** PostgreSQL instead of the embedded SQLite store. */
  databaseUrl?: string;
  /** When to kill -9 the service after the load starts (undefined: a control run, no kill). */
  killAfterMs?: number;
  /**
   * Instead: kill -9 once this many events are acknowledged, a fixed point of the load whatever
   * the machine's speed (a quiet machine may finish a short load before any fixed delay).
   */
  killAfterAckedEvents?: number;
  journeys: number;
  concurrency: number;
  seed: number;
  banners?: number;
  env?: Record<string, string>;
  /** Node arguments of the service's entry point (default `bin/mlsd.js ads serve`). */
  entry?: string[];
  /**
   * Start the replacement process before the kill, so the kill is followed by a failover rather
   * than a cold start (the quick test's budget; the bench restarts after the kill).
   */
  warmStandby?: boolean;
}

export interface CrashTrialResult extends LedgerCheck {
  crash: boolean;
  kill_after_ms: number | null;
  kill_after_acked_events: number | null;
  /** From the kill to the replacement answering (a warm standby: ~0). */
  restart_ms: number | null;
  /** From the first request to the last acknowledgement, kill and restart included. */
  load_ms: number;
  journeys: number;
  decisions: number;
  acked_events: number;
  resent_requests: number;
  /** Distinct events sent again after a failed attempt. */
  resent_events: number;
  /** Of those, the ones on record from before the kill: answered as repeats, counted once. */
  committed_before_kill_then_resent: number;
  unexpected_answers: number;
}

const API_KEY = 'ads-crash-drill-key-0123456789';

const killsAt = (o: CrashTrialOptions) => o.killAfterMs !== undefined || o.killAfterAckedEvents !== undefined;

/** Resolves when the kill is due: after `killAfterMs`, or once `killAfterAckedEvents` are acked. */
async function killMoment(
  options: CrashTrialOptions,
  client: DrillClient,
  load: Promise<unknown>,
): Promise<void> {
  let finished = false;
  const finish = () => (finished = true);
  load.then(finish, finish);
  if (options.killAfterMs !== undefined) {
    await new Promise((r) => setTimeout(r, options.killAfterMs));
    return;
  }
  while (!finished && client.stats.acked.length < options.killAfterAckedEvents!)
    await new Promise((r) => setTimeout(r, 2));
}

/**
 * One crash-drill trial: `mlsd ads serve` in a child process, a client sending decisions and
 * their events (unique ids), a SIGKILL mid-flight, a restart on the same store, and the client
 * resending whatever was not acknowledged. Then the store is checked: every acknowledged event on
 * record once, the bandit's counts equal to the events on record (none lost, none twice).
 */
export async function crashTrial(options: CrashTrialOptions): Promise<CrashTrialResult> {
  const env = {
    ADS_CONTROL_SHARE: '0.2',
    ADS_FREQUENCY_CAP: '0',
    ADS_SNAPSHOT_MS: '0',
    MLSD_SQLITE_SYNC: 'normal',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const start = () => startAdsProcess(options.dataDir, API_KEY, env, options.entry);
  // A warm standby starts beside the first process; it reads the banners added below within
  // ADS_STATE_REFRESH_MS (its maintenance loop refreshes the catalogue).
  const standby: Promise<AdsProcess> | undefined =
    options.warmStandby && killsAt(options) ? start() : undefined;
  let service: AdsProcess = await start();
  let restartMs: number | null = null;
  let killedAt: number | undefined;
  try {
    for (let b = 0; b < (options.banners ?? 5); b++)
      await fetch(`${service.base}/v1/ads/banners`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ banner_id: `banner-${b}` }),
      });
    if (standby) await standby;
    const started = Date.now();
    const client = new DrillClient(API_KEY, options.seed, `s${options.seed}`);
    client.base = service.base;
    const load = client.run(options.journeys, options.concurrency);
    if (killsAt(options)) {
      await Promise.race([load, killMoment(options, client, load)]);
      await service.stop('SIGKILL');
      killedAt = Date.now();
      service = await (standby ?? start());
      restartMs = Date.now() - killedAt;
      client.base = service.base;
    }
    await load;
    const loadMs = Date.now() - started;
    await service.stop('SIGTERM');
    const store = await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
    try {
      const check = await checkLedger(store, client.stats.acked);
      // Events the kill cut off after they committed: their resend must have been a repeat.
      const resent = [...client.stats.resentEvents];
      const committedBeforeKill =
        killedAt === undefined || resent.length === 0
          ? 0
          : Number(
              (
                await (store.db as Kysely<AdsSchema>)
                  .selectFrom('ads_events')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('event_id', 'in', resent)
                  .where('occurred_at', '<', killedAt)
                  .executeTakeFirstOrThrow()
              ).n,
            );
      return {
        crash: killsAt(options),
        kill_after_ms: options.killAfterMs ?? null,
        kill_after_acked_events: options.killAfterAckedEvents ?? null,
        restart_ms: restartMs,
        load_ms: loadMs,
        journeys: client.stats.journeys,
        decisions: client.stats.decisions,
        acked_events: client.stats.acked.length,
        resent_requests: client.stats.resent,
        resent_events: resent.length,
        committed_before_kill_then_resent: committedBeforeKill,
        unexpected_answers: client.stats.unexpected,
        ...check,
      };
    } finally {
      await store.close();
    }
  } finally {
    await service.stop('SIGKILL');
    if (standby) await (await standby).stop('SIGKILL');
  }
}
