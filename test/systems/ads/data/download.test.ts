import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataCommand } from '../../../../src/cli/data.ts';
import { downloadFiles } from '../../../../src/platform/data/download.ts';
import { ADS_FILES } from '../../../../src/systems/ads/data/download.ts';
import { loadObd } from '../../../../src/systems/ads/data/obd.ts';
import { loadAvazu } from '../../../../src/systems/ads/data/avazu.ts';

const ADS = join(import.meta.dirname, '../../../../../shared/data/ads');

// A local stand-in for raw.githubusercontent.com: the upstream paths serve the real files of
// ../shared/data/ads (copied byte for byte from those commits, SOURCES.md).
const routes = new Map(ADS_FILES.map((file) => [new URL(file.url).pathname, join(ADS, file.path)]));
let server: Server;
let baseUrl: string;
let truncate = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = routes.get(req.url ?? '');
    if (!path) return void res.writeHead(404).end();
    const bytes = readFileSync(path);
    res
      .writeHead(200, { 'content-type': 'text/csv' })
      .end(truncate ? bytes.subarray(0, bytes.length - 10) : bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mlsd data download ads (against a local HTTP server)', () => {
  it('names the pinned upstream commits', () => {
    expect(ADS_FILES).toHaveLength(12);
    const hosts = new Set(ADS_FILES.map((f) => new URL(f.url).pathname.split('/').slice(1, 4).join('/')));
    expect([...hosts].sort()).toEqual([
      'st-tech/zr-obp/8cbd5fa4558b7ad2ba4781546d6604e4cc3e07c4',
      'ycjuan/kaggle-2014-criteo/eb39c37f6a36668fdcaf90cef4be280011e5cf35',
      'ycjuan/kaggle-avazu/f5d652c8fb1cfcc3af0f34dfcaa337e601672c7f',
    ]);
  });

  it('writes every file byte for byte, in the layout the loaders read', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-ads-dl-'));
    const out = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      await dataCommand().parseAsync(['download', 'ads', '--to', to, '--base-url', baseUrl], {
        from: 'user',
      });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    for (const file of ADS_FILES)
      expect(readFileSync(join(to, file.path)).equals(readFileSync(join(ADS, file.path)))).toBe(true);
    expect((await loadObd(to, 'women', 'bts')).events).toHaveLength(10_000);
    expect((await loadAvazu(to, { lenient: true })).rows).toHaveLength(499);
  });

  it('refuses a file of the wrong size and leaves nothing under its name', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-ads-dl-'));
    const criteo = ADS_FILES.find((f) => f.path.endsWith('train.tiny.csv'))!;
    truncate = true;
    try {
      await expect(downloadFiles([criteo], { to, baseUrl })).rejects.toThrow(
        /train\.tiny\.csv: 502808 bytes, expected 502818/,
      );
    } finally {
      truncate = false;
    }
    expect(existsSync(join(to, criteo.path))).toBe(false);
  });
});
