import type { ModelRecord, ModelRegistry, RegisterInput } from './registry.ts';

/**
 * How one kind of model becomes registry bytes and back. `format` names the byte layout (bump it
 * when the layout changes, so an old reader refuses new bytes instead of misreading them);
 * `configHash` fingerprints the feature configuration the model was trained with, so a model is
 * never served with features computed differently.
 */
export interface ModelCodec<M> {
  format: string;
  encode(model: M): Buffer;
  decode(bytes: Buffer): M;
  configHash(model: M): string;
}

/** Registers `model` through `codec`: the artifact, its format and its config hash come from it. */
export function registerModel<M>(
  registry: ModelRegistry,
  codec: ModelCodec<M>,
  model: M,
  input: Omit<RegisterInput, 'artifact' | 'format' | 'featureConfigHash'>,
): Promise<ModelRecord> {
  return registry.register({
    ...input,
    artifact: codec.encode(model),
    format: codec.format,
    featureConfigHash: codec.configHash(model),
  });
}

/**
 * Loads the production model of `name`, or the version `id` (which must be a `name` model),
 * checking the artifact's SHA-256, the recorded format against the codec's and the decoded model's
 * config hash against the recorded one. Versions registered without a format (the first release)
 * are read by the codec of their name.
 */
export async function loadModel<M>(
  registry: ModelRegistry,
  codec: ModelCodec<M>,
  options: { name: string; id?: number },
): Promise<{ model: M; record: ModelRecord }> {
  const { name, id } = options;
  const record = id === undefined ? await registry.production(name) : await registry.get(id);
  if (!record)
    throw new Error(
      id === undefined
        ? `no production ${name} model is registered`
        : `no model with id ${id} in the registry`,
    );
  if (record.name !== name) throw new Error(`model ${record.id} is a ${record.name} model, not ${name}`);
  if (record.format !== null && record.format !== codec.format)
    throw new Error(`model ${record.id} is format ${record.format}, this codec reads ${codec.format}`);
  const model = codec.decode(await registry.readArtifact(record));
  const hash = codec.configHash(model);
  if (hash !== record.featureConfigHash)
    throw new Error(
      `model ${record.id}: feature configuration hash mismatch (recorded ${record.featureConfigHash.slice(0, 12)}, artifact ${hash.slice(0, 12)})`,
    );
  return { model, record };
}
