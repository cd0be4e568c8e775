import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { GOEMOTIONS_DIR, registerTestModel } from '../systems/support/helpers.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');
const run = promisify(execFile);

describe.runIf(GOEMOTIONS_DIR)('mlsd support serve (a real process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-serve-'));

  beforeAll(async () => {
    const registry = await ModelRegistry.open(join(dataDir, 'registry.sqlite'));
    await registerTestModel(registry, 1, [4000, 1000]);
    await registry.close();
  });

  it('serves, then on SIGTERM stops accepting, drains and exits 0 with nothing left behind', async () => {
    const port = 3500 + Math.floor(Math.random() * 400);
    const key = 'serve-test-key-0123456789';
    const child = spawn(
      process.execPath,
      [BIN, 'support', 'serve', '--port', String(port), '--data-dir', dataDir],
      {
        env: { ...process.env, MLSD_API_KEY: key, MLSD_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d;
        if (stdout.includes('curl')) resolve();
      }),
    );
    expect(stdout).toContain(`http://localhost:${port}/docs`);
    const comments = Array.from({ length: 200 }, (_, i) => ({
      comment_id: `s${i}`,
      user_id: `u${i}`,
      text: 'I feel so sad and alone tonight',
    }));
    const response = await fetch(`http://127.0.0.1:${port}/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ comments }),
    });
    expect(response.status).toBe(202);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Restart: everything accepted before the SIGTERM reaches a final state.
    const again = spawn(
      process.execPath,
      [BIN, 'support', 'serve', '--port', String(port + 1), '--data-dir', dataDir],
      {
        env: { ...process.env, MLSD_API_KEY: key, MLSD_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve) =>
      again.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()),
    );
    let states: string[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      states = await Promise.all(
        ['s0', 's99', 's199'].map(async (id) => {
          const response = await fetch(`http://127.0.0.1:${port + 1}/v1/comments/${id}`, {
            headers: { 'x-api-key': key },
          });
          return ((await response.json()) as { state: string }).state;
        }),
      );
      if (states.every((s) => s === 'sent' || s === 'skipped')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(states.every((s) => s === 'sent' || s === 'skipped')).toBe(true);
    again.kill('SIGTERM');
    await new Promise((resolve) => again.once('exit', resolve));
  }, 60_000);

  it('refuses to serve without a registered model (exit 1, says what to do)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mlsd-serve-empty-'));
    const result = await run(process.execPath, [
      BIN,
      'support',
      'serve',
      '--port',
      '3999',
      '--data-dir',
      empty,
    ]).catch((e) => e);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no production support model is registered');
  });

  it('creates API keys that the service accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-keys-'));
    mkdirSync(dir, { recursive: true });
    cpSync(join(dataDir, 'registry.sqlite'), join(dir, 'registry.sqlite'));
    cpSync(join(dataDir, 'artifacts'), join(dir, 'artifacts'), { recursive: true });
    const { stdout } = await run(process.execPath, [
      BIN,
      'apikey',
      'create',
      '--name',
      'ops',
      '--data-dir',
      dir,
    ]);
    const created = stdout.trim();
    expect(created).toMatch(/^mlsd_[A-Za-z0-9_-]{20,}$/);
    const port = 4000 + Math.floor(Math.random() * 400);
    const child = spawn(
      process.execPath,
      [BIN, 'support', 'serve', '--port', String(port), '--data-dir', dir],
      {
        env: { ...process.env, MLSD_API_KEY: '', MLSD_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const ok = await fetch(`http://127.0.0.1:${port}/v1/comments/none`, {
      headers: { 'x-api-key': created },
    });
    const bad = await fetch(`http://127.0.0.1:${port}/v1/comments/none`, {
      headers: { 'x-api-key': `${created}x` },
    });
    expect([ok.status, bad.status]).toEqual([404, 401]);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }, 60_000);
});
