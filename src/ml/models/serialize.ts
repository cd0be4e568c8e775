import type { TextClassifier, TextClassifierParams } from './hashed-text-classifier.ts';

const MAGIC = 'MLSDTXC1';
export const TEXT_CLASSIFIER_FORMAT_VERSION = 1;

interface Header {
  format: typeof MAGIC;
  version: number;
  params: TextClassifierParams;
  heads: number;
  bias: number[];
  buckets: number;
  metadata: unknown;
}

/**
 * Serialises a classifier as: magic, header length, JSON header (parameters, bias, caller's
 * metadata), then the buckets with non-zero IDF, their IDF and their weights (little-endian).
 * Only seen buckets are stored, so the file is a fraction of the dense tables.
 */
export function serializeTextClassifier(model: TextClassifier, metadata: unknown): Buffer {
  const seen: number[] = [];
  for (let b = 0; b < model.idf.length; b++) if (model.idf[b] !== 0) seen.push(b);
  const header: Header = {
    format: MAGIC,
    version: TEXT_CLASSIFIER_FORMAT_VERSION,
    params: model.params,
    heads: model.heads,
    bias: [...model.weights.bias],
    buckets: seen.length,
    metadata,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (4 - ((12 + headerBytes.length) % 4)) % 4;
  const buckets = Uint32Array.from(seen);
  const idf = Float32Array.from(seen, (b) => model.idf[b]);
  const weights = new Float32Array(seen.length * model.heads);
  seen.forEach((b, i) =>
    weights.set(model.weights.weights.subarray(b * model.heads, (b + 1) * model.heads), i * model.heads),
  );
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(headerBytes.length, 8);
  return Buffer.concat([prefix, headerBytes, Buffer.alloc(padding), u8(buckets), u8(idf), u8(weights)]);
}

const u8 = (array: Uint32Array | Float32Array): Buffer =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Reads a classifier written by {@link serializeTextClassifier}; checks magic and version. */
export function deserializeTextClassifier(bytes: Uint8Array): { model: TextClassifier; metadata: unknown } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 12 || buffer.toString('ascii', 0, 8) !== MAGIC)
    throw new Error('not an mlsd text-classifier file (bad magic)');
  const headerLength = buffer.readUInt32LE(8);
  const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as Header;
  if (header.version !== TEXT_CLASSIFIER_FORMAT_VERSION) {
    throw new Error(
      `model format version ${header.version} is not supported (expected ${TEXT_CLASSIFIER_FORMAT_VERSION})`,
    );
  }
  let offset = 12 + headerLength;
  offset += (4 - (offset % 4)) % 4;
  const count = header.buckets;
  const aligned = new Uint8Array(buffer.subarray(offset)).buffer; // copy: typed views need alignment
  const buckets = new Uint32Array(aligned, 0, count);
  const idfValues = new Float32Array(aligned, count * 4, count);
  const weightValues = new Float32Array(aligned, count * 8, count * header.heads);
  const dimension = 2 ** header.params.features.hashBits;
  const idf = new Float32Array(dimension);
  const weights = new Float32Array(dimension * header.heads);
  for (let i = 0; i < count; i++) {
    idf[buckets[i]] = idfValues[i];
    weights.set(weightValues.subarray(i * header.heads, (i + 1) * header.heads), buckets[i] * header.heads);
  }
  return {
    model: {
      params: header.params,
      heads: header.heads,
      idf,
      weights: { dimension, heads: header.heads, weights, bias: Float64Array.from(header.bias) },
    },
    metadata: header.metadata,
  };
}
