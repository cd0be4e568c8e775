import type { Generated } from 'kysely';
import { columnTypes, runStatements, type MigrationSet } from '../store/migrations.ts';

export type Stage = 'production' | 'candidate' | 'archived';

/**
 * The model registry's tables, in the shared store so every process on it (API, workers, CLI, on
 * any host) sees the same versions. Timestamps are ISO strings, as the first release wrote them.
 */
export interface RegistryTables {
  /** One immutable row per model version; only `stage` ever changes. */
  models: {
    id: Generated<number>;
    name: string;
    version: number;
    stage: Stage;
    created_at: string;
    /** The codec format the artifact is written in; null for versions registered without one. */
    format: string | null;
    artifact_sha256: string;
    feature_config_hash: string;
    training_data_hash: string;
    code_version: string;
    seed: number;
    parent_id: number | null;
    metrics: string;
    details: string;
  };
  /** Every change of a name's production version, so a rollback knows where to go back to. */
  model_promotions: {
    id: Generated<number>;
    name: string;
    model_id: number;
    previous_id: number | null;
    at: string;
    reason: string;
  };
  /** Artifact bytes by content hash: the same weights registered twice are stored once. */
  model_artifacts: { sha256: string; bytes: Buffer; size: number; created_at: string };
}

export const REGISTRY_MIGRATIONS: MigrationSet = {
  owner: 'registry',
  migrations: [
    {
      id: '001_models_promotions_artifacts',
      up: (db, dialect) => {
        const types = columnTypes(dialect);
        return runStatements(db, [
          `create table if not exists model_artifacts (
            sha256 text primary key, bytes ${types.bytes} not null, size bigint not null,
            created_at text not null)`,
          `create table if not exists models (
            id ${types.serialKey}, name text not null, version integer not null, stage text not null,
            created_at text not null, format text,
            artifact_sha256 text not null references model_artifacts (sha256),
            feature_config_hash text not null, training_data_hash text not null,
            code_version text not null, seed bigint not null, parent_id bigint references models (id),
            metrics text not null, details text not null, unique (name, version))`,
          `create index if not exists models_name_stage on models (name, stage)`,
          `create table if not exists model_promotions (
            id ${types.serialKey}, name text not null, model_id bigint not null references models (id),
            previous_id bigint references models (id), at text not null, reason text not null)`,
          `create index if not exists model_promotions_name on model_promotions (name)`,
        ]);
      },
    },
  ],
};
