import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { GOEMOTIONS_DIR, registerTestModel } from '../systems/support/helpers.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');
const run = promisify(execFile);

/** The port a serving process printed in its banner (it listens on a port the OS chose). */
const PRINTED_PORT = /listening on http:\/\/localhost:(\d+)/;

describe.runIf(GOEMOTIONS_DIR)('mlsd support serve (a real process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-serve-'));
  const children: ChildProcessWithoutNullStreams[] = [];
  /** Starts `mlsd ARGS…` on port 0 and resolves with the port once its banner says it listens. */
  const startServing = async (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, [BIN, ...args, '--port', '0'], {
      env: { ...process.env, MLSD_LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d;
        const match = PRINTED_PORT.exec(stdout);
        if (match && stdout.includes('curl')) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`mlsd exited with ${code}: ${stderr}`)));
    });
    return { child, port, stdout: () => stdout };
  };
  // A failed test must not leave a serving process behind.
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  beforeAll(async () => {
    const registry = await ModelRegistry.openDataDir(dataDir);
    await registerTestModel(registry, 1, [4000, 1000]);
    await registry.close();
  });

  it('serves, then on SIGTERM stops accepting, drains and exits 0 with nothing left behind', async () => {
    const key = 'serve-test-key-0123456789';
    const { child, port, stdout } = await startServing(['support', 'serve', '--data-dir', dataDir], {
      MLSD_API_KEY: key,
    });
    expect(stdout()).toContain(`http://localhost:${port}/docs`);
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
    const { child: again, port: againPort } = await startServing(
      ['support', 'serve', '--data-dir', dataDir],
      { MLSD_API_KEY: key },
    );
    let states: string[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      states = await Promise.all(
        ['s0', 's99', 's199'].map(async (id) => {
          const response = await fetch(`http://127.0.0.1:${againPort}/v1/comments/${id}`, {
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
      '0',
      '--data-dir',
      empty,
    ]).catch((e) => e);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no production support model is registered');
  });

  it('creates API keys that the service accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-keys-'));
    mkdirSync(dir, { recursive: true });
    await (await ModelRegistry.openDataDir(dir, { importFrom: dataDir })).close(); // the models, no keys
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
    const { child, port } = await startServing(['support', 'serve', '--data-dir', dir], { MLSD_API_KEY: '' });
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

  it('a second server on a busy port exits 2 naming the port and how to choose another (no hang)', async () => {
    const { port } = await startServing(['serve', '--data-dir', dataDir], {
      MLSD_API_KEY: 'busy-port-key-0123456789',
    });
    const second = await run(
      process.execPath,
      [BIN, 'serve', '--port', String(port), '--data-dir', dataDir],
      {
        env: { ...process.env, MLSD_LOG_LEVEL: 'silent' },
        timeout: 30_000,
      },
    ).catch((e) => e);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(second.stderr).toContain('--port N or PORT=N');
  }, 60_000);

  it('PORT chooses the port of `mlsd serve`, which serves every system; an unknown system is a usage error', async () => {
    const probe = await startServing(['serve', '--data-dir', dataDir], {
      MLSD_API_KEY: 'port-env-key-0123456789',
    });
    const free = probe.port;
    probe.child.kill('SIGTERM');
    await new Promise((resolve) => probe.child.once('exit', resolve));
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir], {
      env: {
        ...process.env,
        MLSD_LOG_LEVEL: 'silent',
        PORT: String(free),
        MLSD_API_KEY: 'port-env-key-0123456789',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => (stdout += d).includes('curl') && resolve());
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    expect(stdout).toContain(`listening on http://localhost:${free}`);
    expect(stdout).toMatch(/mlsd \(support, ads, skincare\) listening/);
    const ready = await fetch(`http://127.0.0.1:${free}/readyz`);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({
      store: 'ok',
      'support.model': 'ok',
      'support.queue': 'ok',
    });
    const unknown = await run(process.execPath, [
      BIN,
      'serve',
      '--systems',
      'support,nope',
      '--data-dir',
      dataDir,
    ]).catch((e) => e);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no system "nope" (systems: support, ads, skincare)');
  }, 60_000);
});
