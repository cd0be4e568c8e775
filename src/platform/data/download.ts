import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file of a public data set: where it lives upstream and where it goes locally. */
export interface RemoteFile {
  url: string;
  path: string;
  /** Throws with a clear message when the bytes are not what the file should be. */
  validate?: (bytes: Buffer, url: string) => void;
}

export interface DownloadOptions {
  to: string;
  /** Replaces the scheme and host of every URL (a mirror, or a local server in tests). */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  onFile?: (file: RemoteFile, bytes: number) => void;
  timeoutMs?: number;
}

export function rebase(url: string, baseUrl?: string): string {
  if (!baseUrl) return url;
  const { pathname } = new URL(url);
  return `${baseUrl.replace(/\/$/, '')}${pathname}`;
}

/**
 * Downloads files one by one; each is validated and then written atomically (temp file + rename),
 * so an interrupted download never leaves a half-written file under its final name.
 */
export async function downloadFiles(
  files: readonly RemoteFile[],
  options: DownloadOptions,
): Promise<string[]> {
  const fetcher = options.fetchImpl ?? fetch;
  const written: string[] = [];
  for (const file of files) {
    const url = rebase(file.url, options.baseUrl);
    let response: Response;
    try {
      response = await fetcher(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
    } catch (error) {
      throw new Error(`download of ${url} failed: ${(error as Error).message}`);
    }
    if (!response.ok) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    file.validate?.(bytes, url);
    const target = join(options.to, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.part`, bytes);
    renameSync(`${target}.part`, target);
    written.push(target);
    options.onFile?.(file, bytes.length);
  }
  return written;
}
