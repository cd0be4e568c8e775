import type { PlattParams } from '../calibration/platt.ts';
import type { FtrlLearnerParams } from '../linear/ftrl.ts';
import { CtrModel } from './ctr-model.ts';
import type { HashedCrossesConfig } from './hashed-crosses.ts';

const MAGIC = 'MLSDCTR1';
export const CTR_MODEL_FORMAT_VERSION = 1;

interface Header {
  format: typeof MAGIC;
  version: number;
  features: HashedCrossesConfig;
  params: Omit<FtrlLearnerParams, 'featureScale'> & { featureScale?: number[] };
  dimension: number;
  heads: number;
  bias: number[];
  biasN: number[];
  calibration: PlattParams | null;
  updates: number;
  /** Coordinates stored (those with z ≠ 0 or n ≠ 0; the others are zero in both). */
  coordinates: number;
}

/**
 * A CTR model as bytes: magic, header length, JSON header (features, FTRL settings, bias, Platt,
 * update count), padding to 4 bytes, then the touched coordinates' index, z and n (little-endian).
 * Lossless: {@link deserializeCtrModel} resumes learning bit for bit where the model stopped.
 * @example
 * const model = new CtrModel({ features: { bits: 6, seed: 0, categorical: ['item'], crosses: [], numeric: {} },
 *   ftrl: { alpha: 0.1, beta: 1, l1: 0, l2: 1 } });
 * model.learnOne(model.row({ item: 'a' }), 1);
 * deserializeCtrModel(serializeCtrModel(model)).predictOne(model.row({ item: 'a' })) === model.predictOne(model.row({ item: 'a' })); // true
 */
export function serializeCtrModel(model: CtrModel): Buffer {
  const state = model.state();
  const { z, n } = state.ftrl;
  const touched: number[] = [];
  for (let i = 0; i < z.length; i++) if (z[i] !== 0 || n[i] !== 0) touched.push(i);
  const { featureScale, ...params } = state.ftrl.params;
  const header: Header = {
    format: MAGIC,
    version: CTR_MODEL_FORMAT_VERSION,
    features: state.features,
    params: { ...params, ...(featureScale ? { featureScale: [...featureScale] } : {}) },
    dimension: state.ftrl.dimension,
    heads: state.ftrl.heads,
    bias: [...state.ftrl.bias],
    biasN: [...state.ftrl.biasN],
    calibration: state.calibration,
    updates: state.updates,
    coordinates: touched.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (4 - ((12 + headerBytes.length) % 4)) % 4;
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length + padding, 8);
  const arrays = [
    Uint32Array.from(touched),
    Float32Array.from(touched, (i) => z[i]),
    Float32Array.from(touched, (i) => n[i]),
  ];
  return Buffer.concat([
    prefix,
    headerBytes,
    Buffer.alloc(padding, 0x20),
    ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
  ]);
}

/** Reads {@link serializeCtrModel}'s bytes back; refuses another format or version. */
export function deserializeCtrModel(bytes: Buffer): CtrModel {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a CTR model file');
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Header;
  if (header.version !== CTR_MODEL_FORMAT_VERSION)
    throw new Error(`CTR model version ${header.version}, this code reads ${CTR_MODEL_FORMAT_VERSION}`);
  const count = header.coordinates;
  const body = bytes.subarray(12 + headerLength);
  if (body.length !== count * 12)
    throw new Error(`CTR model body has ${body.length} bytes, expected ${count * 12}`);
  const copy = Uint8Array.from(body); // aligned copy for the typed-array views
  const indices = new Uint32Array(copy.buffer, 0, count);
  const zs = new Float32Array(copy.buffer, count * 4, count);
  const ns = new Float32Array(copy.buffer, count * 8, count);
  const size = header.dimension * header.heads;
  const z = new Float32Array(size);
  const n = new Float32Array(size);
  indices.forEach((at, i) => {
    if (at >= size) throw new Error(`CTR model coordinate ${at} ≥ ${size}`);
    z[at] = zs[i];
    n[at] = ns[i];
  });
  const { featureScale, ...params } = header.params;
  return CtrModel.fromState({
    features: header.features,
    ftrl: {
      dimension: header.dimension,
      heads: header.heads,
      params: { ...params, ...(featureScale ? { featureScale: Float32Array.from(featureScale) } : {}) },
      z,
      n,
      bias: Float64Array.from(header.bias),
      biasN: Float64Array.from(header.biasN),
    },
    calibration: header.calibration,
    updates: header.updates,
  });
}
