import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/platform/store/postgres.ts';
import { openStore } from '../../../src/platform/store/store.ts';
import type { DecisionRow } from '../../../src/systems/support/service/decide-batch.ts';
import { writeDecisions } from '../../../src/systems/support/service/pipeline.ts';
import { migrateSupportStore, type SupportSchema } from '../../../src/systems/support/service/tables.ts';
import { postgresReachable, testDatabase } from '../../postgres-helpers.ts';

// Awkward values on purpose: quotes, backslashes, braces and commas (array-literal syntax), nulls,
// non-ASCII text and JSON, so the PostgreSQL arrays and the SQLite VALUES must carry them intact.
const decisions: DecisionRow[] = Array.from({ length: 230 }, (_, i) => ({
  comment_id: `c-${i}`,
  state: i % 3 === 0 ? 'classified' : 'skipped',
  reason: i % 3 === 0 ? null : `reason "${i}", {x} \\ y`,
  probabilities: i % 5 === 0 ? null : JSON.stringify({ negative: i / 1000, note: 'é, "q" {}' }),
  needs_support: i % 3 === 0 ? 1 : 0,
  source: i % 7 === 0 ? 'baseline_fallback' : 'model',
  explanation: i % 2 ? JSON.stringify([{ token: `😢${i}`, weight: -0.5 }]) : null,
  language: i % 4 === 0 ? 'ru' : 'en',
  model_version: 'support-v1#1',
  decided_at: 1_796_000_000_000 + i,
  finished_at: i % 3 === 0 ? null : 1_796_000_000_500 + i,
  experiment_arm: i % 2 ? 'B' : null,
}));

async function roundTrip(db: Kysely<SupportSchema>, dialect: 'sqlite' | 'postgres') {
  await migrateSupportStore(db, dialect);
  await db
    .insertInto('support_comments')
    .values(
      decisions.map((d, i) => ({
        comment_id: d.comment_id,
        user_id: `u-${i % 17}`,
        text: `text ${i}`,
        created_at: null,
        received_at: 1_795_999_999_000 + i,
        state: 'received',
      })),
    )
    .execute();
  await db.transaction().execute((trx) => writeDecisions(trx, decisions, dialect));
  const rows = await db.selectFrom('support_comments').selectAll().execute();
  return rows
    .map((r) => ({
      comment_id: r.comment_id,
      state: r.state,
      reason: r.reason,
      probabilities: r.probabilities,
      needs_support: Number(r.needs_support),
      source: r.decision_source,
      explanation: r.explanation,
      language: r.language,
      model_version: r.model_version,
      decided_at: Number(r.decided_at),
      finished_at: r.finished_at === null ? null : Number(r.finished_at),
      experiment_arm: r.experiment_arm,
    }))
    .sort((a, b) => Number(a.comment_id.slice(2)) - Number(b.comment_id.slice(2)));
}

const reachable = await postgresReachable();

describe('writeDecisions', () => {
  it('writes every decision column on SQLite (VALUES, in chunks of 200)', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-decisions-')) });
    try {
      expect(await roundTrip(store.db as Kysely<SupportSchema>, 'sqlite')).toEqual(decisions);
    } finally {
      await store.close();
    }
  });

  const database = testDatabase('mlsd_decisions');
  let pgDb: Kysely<SupportSchema> | undefined;
  afterAll(async () => {
    if (!pgDb) return;
    await pgDb.destroy();
    await database.drop();
  });
  it.runIf(reachable)('writes the same rows on PostgreSQL (unnest of arrays)', async () => {
    await database.create();
    pgDb = openPostgres<SupportSchema>(database.url);
    expect(await roundTrip(pgDb, 'postgres')).toEqual(decisions);
  });
});
