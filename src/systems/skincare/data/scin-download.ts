import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseCsv } from './csv.ts';

/**
 * SCIN (Google's consented, crowdsourced skin-condition set; its own data-use licence, see
 * github.com/google-research-datasets/scin) lives in the public bucket `dx-scin-public-data`.
 * Layout (dataset_schema.md): dataset/scin_cases.csv (image_1_path … image_3_path are paths inside
 * the bucket, e.g. dataset/images/3445096909671059178.png) and dataset/scin_labels.csv. The
 * download keeps that layout under `--to DIR`, so DIR is what the photo trainer reads.
 * @example
 * `${SCIN_BASE_URL}/${SCIN_CASES}`; // 'https://storage.googleapis.com/dx-scin-public-data/dataset/scin_cases.csv'
 */
export const SCIN_BASE_URL = 'https://storage.googleapis.com/dx-scin-public-data';
export const SCIN_CASES = 'dataset/scin_cases.csv';
export const SCIN_LABELS = 'dataset/scin_labels.csv';
const IMAGE_COLUMNS = ['image_1_path', 'image_2_path', 'image_3_path'];

export interface ScinDownloadOptions {
  to: string;
  /** Another host with the same paths (a mirror, or a local server in tests). */
  baseUrl?: string;
  /** Only the images of the first N cases (in file order) that have any: a sample. */
  limit?: number;
  /** Parallel image downloads (default 4). */
  concurrency?: number;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Called after every image: done so far, of total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ScinDownloadResult {
  cases: number;
  images: { total: number; downloaded: number; skipped: number; missing: string[] };
  bytes: number;
}

/** One file fetched whole, checked against Content-Length, written atomically (temp + rename). */
async function fetchTo(
  url: string,
  target: string,
  options: ScinDownloadOptions,
): Promise<number | 'missing'> {
  const fetcher = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
  } catch (error) {
    throw new Error(`download of ${url} failed: ${(error as Error).message}`);
  }
  if (response.status === 404) return 'missing';
  if (!response.ok) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new Error(`download of ${url} failed while reading: ${(error as Error).message}`);
  }
  const expected = response.headers.get('content-length');
  // A transfer cut short must not be kept as if whole (compressed bodies carry no usable length).
  if (expected !== null && !response.headers.get('content-encoding') && Number(expected) !== bytes.length)
    throw new Error(
      `download of ${url} failed: ${bytes.length} bytes, expected ${expected} (Content-Length)`,
    );
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.part`, bytes);
  renameSync(`${target}.part`, target);
  return bytes.length;
}

/** A path from the cases file that must stay inside the bucket's dataset/ folder. */
function checkedImagePath(path: string, line: number): string {
  if (!/^dataset\/images\/[\w.-]+$/.test(path))
    throw new Error(`${SCIN_CASES}:${line}: image path "${path}" is not under dataset/images/`);
  return path;
}

/**
 * Downloads SCIN's two CSV files and the images its cases reference. Resumable: a file already
 * under its final name was written whole (atomic rename), so it is skipped; the CSVs are fetched
 * again each time (they name the images). Images the bucket does not have (404) are listed, not fatal.
 * Usage: `await downloadScin({ to: './data/scin', limit: 20 })` fetches the first 20 cases' images
 * (1–3 each) from Google's bucket; `result.images.downloaded` counts the new ones. `fetchImpl` and
 * `baseUrl` point it elsewhere (the tests serve a small bucket from a local HTTP server).
 */
export async function downloadScin(options: ScinDownloadOptions): Promise<ScinDownloadResult> {
  const base = (options.baseUrl ?? SCIN_BASE_URL).replace(/\/$/, '');
  const to = resolve(options.to);
  let bytes = 0;
  for (const file of [SCIN_CASES, SCIN_LABELS]) {
    const got = await fetchTo(`${base}/${file}`, join(to, file), options);
    if (got === 'missing') throw new Error(`download of ${base}/${file} failed: HTTP 404`);
    bytes += got;
  }
  const table = parseCsv(await readFile(join(to, SCIN_CASES), 'utf8'), SCIN_CASES);
  const columns = IMAGE_COLUMNS.map((c) => table.header.indexOf(c));
  if (columns.every((c) => c < 0)) throw new Error(`${SCIN_CASES}: no image_1_path … image_3_path columns`);
  const withImages = table.rows
    .map((row) =>
      columns
        .filter((c) => c >= 0 && row.fields[c] !== '')
        .map((c) => checkedImagePath(row.fields[c], row.line)),
    )
    .filter((paths) => paths.length > 0);
  const chosen = options.limit === undefined ? withImages : withImages.slice(0, options.limit);
  const images = [...new Set(chosen.flat())];
  const result: ScinDownloadResult = {
    cases: chosen.length,
    images: { total: images.length, downloaded: 0, skipped: 0, missing: [] },
    bytes,
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < images.length) {
      const path = images[next++];
      const target = join(to, path);
      if (existsSync(target) && statSync(target).size > 0) result.images.skipped++;
      else {
        const got = await fetchTo(`${base}/${path}`, target, options);
        if (got === 'missing') result.images.missing.push(path);
        else {
          result.images.downloaded++;
          result.bytes += got;
        }
      }
      options.onProgress?.(++done, images.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  result.images.missing.sort();
  return result;
}

/** `mlsd data download scin`: the download with a progress bar on a terminal, a summary on stdout. */
export async function runScinDownload(options: {
  to?: string;
  baseUrl?: string;
  limit?: number;
}): Promise<void> {
  const to = resolve(options.to ?? './data/scin');
  const { default: cliProgress } = await import('cli-progress');
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  const result = await downloadScin({
    to,
    baseUrl: options.baseUrl,
    limit: options.limit,
    onProgress: (done, total) => {
      if (bar && !started) bar.start(total, 0);
      started = true;
      bar?.update(done);
      if (!bar && (done % 100 === 0 || done === total)) process.stderr.write(`  images ${done}/${total}\n`);
    },
  });
  bar?.stop();
  const { downloaded, skipped, missing, total } = result.images;
  process.stdout.write(
    `SCIN written to ${to}: ${result.cases} cases, ${total} images (${downloaded} downloaded, ${skipped} already there, ` +
      `${missing.length} missing upstream), ${(result.bytes / 1024 / 1024).toFixed(1)} MiB fetched. ` +
      'SCIN has its own data-use licence (github.com/google-research-datasets/scin): read it before use.\n',
  );
}
