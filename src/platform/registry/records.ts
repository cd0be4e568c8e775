import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { RegistryTables, Stage } from './tables.ts';

// What the registry hands out and takes in: model versions, promotions, and their hashes.

export interface Promotion {
  modelId: number;
  previousId: number | null;
  at: string;
  reason: string;
}

/** A registered model version as the registry reports it. */
export interface ModelRecord {
  id: number;
  name: string;
  version: number;
  stage: Stage;
  createdAt: string;
  /** The codec format of the artifact (see `ModelCodec`); null when it was registered without one. */
  format: string | null;
  artifactSha256: string;
  featureConfigHash: string;
  trainingDataHash: string;
  codeVersion: string;
  seed: number;
  parentId: number | null;
  metrics: Record<string, unknown>;
  details: Record<string, unknown>;
}

export interface RegisterInput {
  name: string;
  artifact: Buffer;
  /** The codec format of `artifact`; `registerModel` fills it from the codec. */
  format?: string;
  featureConfigHash: string;
  trainingDataHash: string;
  codeVersion: string;
  seed: number;
  parentId?: number | null;
  metrics: Record<string, unknown>;
  details: Record<string, unknown>;
  /** Becomes the production version of `name` (the previous one is archived) unless false. */
  promote: boolean;
  createdAt?: Date;
}

export interface OpenOptions {
  /**
   * A registry to copy the models from when this store has none: a first-release
   * `registry.sqlite` (artifacts beside it), a SQLite store file, or a data dir (see legacy-import.ts).
   */
  importFrom?: string;
  /** Rename an imported first-release file to `<file>.imported` so it is imported once. */
  renameImported?: boolean;
}

/** SHA-256 of bytes or of a value's canonical JSON (keys sorted). */
export function sha256(value: Buffer | string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Advisory lock class for registry writes on PostgreSQL (per name), so versions never collide. */
/** A stored row as the registry reports it (JSON columns parsed). */
export function toRecord(row: Selectable<RegistryTables['models']>): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    stage: row.stage,
    createdAt: row.created_at,
    format: row.format,
    artifactSha256: row.artifact_sha256,
    featureConfigHash: row.feature_config_hash,
    trainingDataHash: row.training_data_hash,
    codeVersion: row.code_version,
    seed: row.seed,
    parentId: row.parent_id,
    metrics: JSON.parse(row.metrics) as Record<string, unknown>,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
