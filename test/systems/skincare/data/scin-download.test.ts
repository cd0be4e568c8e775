import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataCommand } from '../../../../src/cli/data.ts';
import { downloadScin, SCIN_BASE_URL } from '../../../../src/systems/skincare/data/scin-download.ts';

// A tiny fake of the bucket's layout (dataset_schema.md): three cases, one without images, one
// image the bucket does not have.
const bucket = mkdtempSync(join(tmpdir(), 'mlsd-scin-bucket-'));
const put = (path: string, body: string | Buffer) => {
  mkdirSync(dirname(join(bucket, path)), { recursive: true });
  writeFileSync(join(bucket, path), body);
};
put(
  'dataset/scin_cases.csv',
  [
    'case_id,source,release,year,image_1_path,image_2_path,image_3_path,image_1_shot_type',
    '101,SCIN,1.0.0,2023,dataset/images/a1.png,dataset/images/a2.png,,CLOSE_UP',
    '102,SCIN,1.0.0,2023,,,,',
    '103,SCIN,1.0.0,2023,dataset/images/b1.png,,dataset/images/gone.png,AT_DISTANCE',
    '',
  ].join('\n'),
);
put(
  'dataset/scin_labels.csv',
  `case_id,weighted_skin_condition_label\n101,"{'Eczema': 0.69, 'Psoriasis': 0.31}"\n103,"{'Acne': 1.0}"\n`,
);
for (const name of ['a1', 'a2', 'b1'])
  put(`dataset/images/${name}.png`, Buffer.alloc(1000 + name.charCodeAt(0), name));

let server: Server;
let baseUrl: string;
const requests: string[] = [];
let lie = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').slice(1));
    requests.push(path);
    const file = join(bucket, path);
    if (!path.startsWith('dataset/') || !existsSync(file)) return void res.writeHead(404).end();
    const bytes = readFileSync(file);
    // A server that announces more bytes than it sends, then closes: a cut transfer.
    if (lie && path.endsWith('.png')) {
      res.writeHead(200, { 'content-length': String(bytes.length + 10) });
      res.write(bytes);
      return void res.destroy();
    }
    res.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SCIN download (against a local HTTP server)', () => {
  it('points at Google’s public bucket by default', () => {
    expect(SCIN_BASE_URL).toBe('https://storage.googleapis.com/dx-scin-public-data');
  });

  it('fetches both CSVs and the referenced images byte for byte, lists missing ones, and resumes', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
    const progress: number[] = [];
    const first = await downloadScin({ to, baseUrl, onProgress: (done) => progress.push(done) });
    expect(first).toMatchObject({
      cases: 2,
      images: { total: 4, downloaded: 3, skipped: 0, missing: ['dataset/images/gone.png'] },
    });
    expect(progress).toEqual([1, 2, 3, 4]);
    for (const path of [
      'dataset/scin_cases.csv',
      'dataset/scin_labels.csv',
      'dataset/images/a1.png',
      'dataset/images/b1.png',
    ])
      expect(readFileSync(join(to, path)).equals(readFileSync(join(bucket, path)))).toBe(true);
    requests.length = 0;
    const again = await downloadScin({ to, baseUrl });
    expect(again.images).toMatchObject({ downloaded: 0, skipped: 3, missing: ['dataset/images/gone.png'] });
    expect(requests.filter((r) => r.endsWith('.png'))).toEqual(['dataset/images/gone.png']);
  });

  it('--limit N takes the images of the first N cases that have any', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
    const result = await downloadScin({ to, baseUrl, limit: 1 });
    expect(result).toMatchObject({ cases: 1, images: { total: 2, downloaded: 2 } });
    expect(existsSync(join(to, 'dataset/images/b1.png'))).toBe(false);
  });

  it('refuses a transfer shorter than its Content-Length and leaves no file under its name', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
    lie = true;
    try {
      await expect(downloadScin({ to, baseUrl, limit: 1, concurrency: 1 })).rejects.toThrow(
        /download of .*a1\.png failed/,
      );
    } finally {
      lie = false;
    }
    expect(existsSync(join(to, 'dataset/images/a1.png'))).toBe(false);
  });

  it('fails clearly when the bucket has no cases file, and on an image path outside dataset/images/', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
    await expect(downloadScin({ to, baseUrl: `${baseUrl}/nothing-here` })).rejects.toThrow(
      /scin_cases\.csv failed: HTTP 404/,
    );
    const evil = mkdtempSync(join(tmpdir(), 'mlsd-scin-evil-'));
    const cases = 'case_id,image_1_path\n1,../../etc/passwd\n';
    const fetchImpl = (async (url: string | URL | Request) =>
      new Response(String(url).endsWith('scin_cases.csv') ? cases : 'case_id\n')) as typeof fetch;
    await expect(downloadScin({ to: evil, fetchImpl })).rejects.toThrow(
      /scin_cases\.csv:2: image path "\.\.\/\.\.\/etc\/passwd" is not under dataset\/images\//,
    );
  });

  it('runs as `mlsd data download scin --to DIR --base-url URL --limit N`', async () => {
    const to = mkdtempSync(join(tmpdir(), 'mlsd-scin-'));
    const out: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => (out.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      await dataCommand().parseAsync(
        ['download', 'scin', '--to', to, '--base-url', baseUrl, '--limit', '2'],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
    expect(out.join('')).toMatch(
      /SCIN written to .*: 2 cases, 4 images \(3 downloaded, 0 already there, 1 missing upstream\)/,
    );
    expect(existsSync(join(to, 'dataset/images/b1.png'))).toBe(true);
  });
});
