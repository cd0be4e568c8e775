import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFiles } from '../../src/platform/data/download.ts';
import { GOEMOTIONS_FILES } from '../../src/systems/support/data/download.ts';
import { EMOTIONS, GROUPS } from '../../src/systems/support/data/taxonomy.ts';
import { loadSplit } from '../../src/systems/support/data/goemotions.ts';

// A local stand-in for the upstream hosts: same paths, small real-format files.
const routes = new Map<string, string>();
for (const file of GOEMOTIONS_FILES) {
  const path = new URL(file.url).pathname;
  if (file.path.endsWith('labels.txt'))
    routes.set(path, `${(file.path.startsWith('group') ? GROUPS : EMOTIONS).join('\n')}\n`);
  else
    routes.set(
      path,
      file.path.startsWith('group') ? 'so sad\t1\tid1\nnice\t3\tid2\n' : 'so sad\t25\tid1\nnice\t17\tid2\n',
    );
}

let server: Server;
let baseUrl: string;
let broken = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = routes.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(broken ? 'not\ta tsv' : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mlsd data download goemotions (against a local HTTP server)', () => {
  it('fetches every file into original/ and group/, readable by the loader', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-dl-'));
    const written = await downloadFiles(GOEMOTIONS_FILES, { to, baseUrl });
    expect(written).toHaveLength(8);
    expect(loadSplit(to, 'train').examples.map((e) => e.groups)).toEqual([[1], [3]]);
    expect(readFileSync(join(to, 'group', 'labels.txt'), 'utf8')).toContain('negative');
  });

  it('fails with the URL and status on a missing file', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-dl-'));
    await expect(
      downloadFiles([{ url: 'https://example.org/none.tsv', path: 'x.tsv' }], { to, baseUrl }),
    ).rejects.toThrow(`download of ${baseUrl}/none.tsv failed: HTTP 404`);
  });

  it('validates content and leaves no file under its final name when it is wrong', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-dl-'));
    broken = true;
    try {
      await expect(downloadFiles(GOEMOTIONS_FILES.slice(1, 2), { to, baseUrl })).rejects.toThrow(
        /train\.tsv:1: expected 3/,
      );
    } finally {
      broken = false;
    }
    expect(existsSync(join(to, 'original', 'train.tsv'))).toBe(false);
  });
});
