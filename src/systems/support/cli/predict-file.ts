// `mlsd support predict --file`: a file of any size is read as a stream, scored a batch of lines
// at a time and written as JSON lines in input order, one write per batch, waiting whenever the
// reader of our output falls behind, so memory stays flat and output starts at once.
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { SupportModel } from '../model/support-model.ts';

export const PREDICT_BATCH_LINES = 1000;

/**
 * The lines of a UTF-8 text file in batches of `size`, split on `\n` with a `\r` before it
 * dropped. Invalid UTF-8 becomes U+FFFD and a leading byte-order mark is dropped, exactly as
 * decoding the whole file with `TextDecoder` would: one streaming decoder carries a character cut
 * between two chunks over to the next. A final newline does not start another (empty) line.
 */
export async function* lineBatches(
  path: string,
  size = PREDICT_BATCH_LINES,
  chunkBytes = 1 << 20,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  let batch: string[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    const lines = (partial + decoder.decode(chunk as Buffer, { stream: true })).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      batch.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  partial += decoder.decode();
  if (partial !== '') batch.push(partial);
  if (batch.length) yield batch;
}

/**
 * Writes one JSON line per line of `path` to `out`: `{line, model_id, ...prediction}`, line
 * numbers from 1. Returns the number of lines. A reader that goes away (EPIPE, as with `| head`)
 * ends the run quietly; any other write error is thrown.
 */
export async function predictFile(
  model: SupportModel,
  modelId: number,
  path: string,
  out: Writable,
  options: { explain: boolean; batchLines?: number },
): Promise<number> {
  let writeError: NodeJS.ErrnoException | undefined;
  const onError = (error: NodeJS.ErrnoException) => (writeError ??= error);
  out.on('error', onError);
  const predictOptions = { explain: options.explain };
  let count = 0;
  try {
    for await (const batch of lineBatches(path, options.batchLines)) {
      if (writeError) break;
      let chunk = '';
      for (const text of batch) {
        count++;
        chunk += `${JSON.stringify({ line: count, model_id: modelId, ...model.predict(text, predictOptions) })}\n`;
      }
      if (!out.write(chunk)) await drainedOrFailed(out);
    }
  } finally {
    out.off('error', onError);
  }
  if (writeError && writeError.code !== 'EPIPE') throw writeError;
  return count;
}

/** Resolves when `out` can take more, or has failed (the caller reads the error it recorded). */
function drainedOrFailed(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}
