import type { Api } from 'grammy';

/** Telegram lets bots download files up to 20 MB; a photo bigger than that is refused before fetching. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

/** The file is larger than the bot takes (known from its size, or found while reading it). */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

export interface DownloadOptions {
  api: Api;
  apiRoot: string;
  token: string;
  fetchImpl: typeof fetch;
  fileId: string;
  maxBytes?: number;
}

/**
 * Downloads a Telegram file into memory: `getFile` gives its path, then
 * `<apiRoot>/file/bot<token>/<path>` is fetched and read up to `maxBytes` (never written to disk).
 * The bot calls it as `await downloadTelegramFile({ api: bot.api, apiRoot, token, fetchImpl: fetch,
 * fileId })`; a file over `maxBytes` (default MAX_PHOTO_BYTES) is a FileTooLargeError.
 */
export async function downloadTelegramFile(options: DownloadOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_PHOTO_BYTES;
  const file = await options.api.getFile(options.fileId);
  if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileTooLargeError(maxBytes);
  if (!file.file_path) throw new Error(`getFile gave no file_path for file ${options.fileId}`);
  const url = `${options.apiRoot.replace(/\/+$/, '')}/file/bot${options.token}/${file.file_path}`;
  const response = await options.fetchImpl(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  // The URL holds the token: errors name the file path only.
  if (!response.ok) throw new Error(`downloading ${file.file_path}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (length > maxBytes) {
    await response.body?.cancel();
    throw new FileTooLargeError(maxBytes);
  }
  return readLimited(response, maxBytes);
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new FileTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
