/**
 * The face models of `@vladmandic/human`, loaded once per process.
 *
 * Why this file is careful:
 * - human's package `exports` map sends Node to `dist/human.node.js`, which needs
 *   `@tensorflow/tfjs-node` (native, not installable offline). Its `dist/human.node-wasm.js` build
 *   runs on `@tensorflow/tfjs` + `@tensorflow/tfjs-backend-wasm`, so it is required by file path.
 * - In Node it loads models with the global `fetch`, which cannot read `file://` URLs. The global is
 *   wrapped for the duration of `load()` only: `file://` URLs are read from disk, every other URL goes
 *   to the original `fetch`, and the original is put back afterwards.
 * - Only the face detector (BlazeFace) and the face mesh (468 landmarks) are enabled: no iris, no
 *   emotion, age/gender or face description — the issue says no face embeddings are kept, so none
 *   are computed — and no body, hand, object, gesture or segmentation models.
 * - The models keep state between calls (and their result cache is turned off with
 *   `cacheSensitivity: 0`, so one photo's result never leaks into the next); calls are serialised.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config, FaceResult, Human } from '@vladmandic/human';

const require = createRequire(import.meta.url);

/** Most faces one detection returns; 2 would do for "one face or not", 4 reports crowds honestly. */
export const MAX_FACES = 4;
/**
 * BlazeFace box score below which a candidate is dropped. Human's default is 0.2; on the sample
 * photos every real face scored ≥ 0.53 (bench/results/skincare/quality-gate.json lists them) and
 * noise images gave candidates below 0.3, so 0.3 keeps every face without inventing any.
 */
export const MIN_FACE_SCORE = 0.3;

/** Where human's build and weights and the WASM binaries live inside node_modules. */
export function modelPaths(): { humanBuild: string; modelDir: string; wasmDir: string } {
  // Resolving the package's main entry only finds the folder; nothing is loaded from it.
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return {
    humanBuild: join(humanDist, 'human.node-wasm.js'),
    modelDir: join(humanDist, '..', 'models'),
    wasmDir: `${wasmDist}/`,
  };
}

function humanConfig(modelDir: string, wasmDir: string): Partial<Config> {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: pathToFileURL(`${modelDir}/`).href,
    debug: false,
    async: true,
    warmup: 'none',
    cacheSensitivity: 0,
    cacheModels: false,
    filter: off,
    gesture: off,
    body: off,
    hand: off,
    object: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: {
        enabled: true,
        rotation: true,
        maxDetected: MAX_FACES,
        minConfidence: MIN_FACE_SCORE,
        return: false,
        skipFrames: 0,
      },
      mesh: { enabled: true },
      iris: off,
      attention: off,
      description: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      gear: off,
    },
  };
}

/** A `fetch` that reads `file://` URLs from disk and hands every other URL to `fallback`. */
export function fileFetch(fallback: typeof fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return fallback(input, init);
    try {
      return new Response(await readFile(fileURLToPath(url)), { status: 200 });
    } catch (error) {
      return new Response(`cannot read ${url}: ${(error as Error).message}`, { status: 404 });
    }
  };
}

async function createHuman(): Promise<Human> {
  const { humanBuild, modelDir, wasmDir } = modelPaths();
  const { Human: HumanClass } = require(humanBuild) as { Human: new (config: Partial<Config>) => Human };
  const human = new HumanClass(humanConfig(modelDir, wasmDir));
  const original = globalThis.fetch;
  const patched = fileFetch(original);
  // The WASM backend's Emscripten glue adds process handlers that rethrow every unhandled
  // rejection and uncaught exception (crashing a server over one stray promise): removed again.
  const handlersBefore = {
    unhandledRejection: process.listeners('unhandledRejection'),
    uncaughtException: process.listeners('uncaughtException'),
  };
  globalThis.fetch = patched;
  try {
    await human.init();
    await human.load();
  } finally {
    // Someone else may have replaced fetch meanwhile: only undo our own change.
    if (globalThis.fetch === patched) globalThis.fetch = original;
    for (const listener of process.listeners('unhandledRejection')) {
      if (!handlersBefore.unhandledRejection.includes(listener))
        process.removeListener('unhandledRejection', listener);
    }
    for (const listener of process.listeners('uncaughtException')) {
      if (!handlersBefore.uncaughtException.includes(listener))
        process.removeListener('uncaughtException', listener);
    }
  }
  const missing = ['blazeface', 'facemesh'].filter(
    (name) => !(human.models.models as Record<string, unknown>)[name],
  );
  if (missing.length) throw new Error(`face models failed to load from ${modelDir}: ${missing.join(', ')}`);
  // The first run compiles the WASM kernels; do it now, not inside the first user's request.
  const blank = human.tf.zeros([256, 256, 3], 'int32');
  await human.detect(blank as never);
  blank.dispose();
  return human;
}

let loading: Promise<Human> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** The process's one loaded and warmed-up Human; the first call loads it (≈ 0.5 s). */
export function loadHuman(): Promise<Human> {
  loading ??= createHuman().catch((error: unknown) => {
    loading = undefined; // a later call may retry (e.g. after a transient file error)
    throw error;
  });
  return loading;
}

/**
 * Runs the face detector and mesh on an RGB image (row-major, 3 bytes a pixel), one call at a time.
 * Coordinates in the results are pixels of this image.
 */
export async function runFaceModels(rgb: Uint8Array, width: number, height: number): Promise<FaceResult[]> {
  if (rgb.length !== width * height * 3) {
    throw new Error(`rgb has ${rgb.length} bytes, expected ${width} × ${height} × 3 = ${width * height * 3}`);
  }
  const human = await loadHuman();
  const run = queue.then(async () => {
    const tensor = human.tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      const result = await human.detect(tensor as never);
      if (result.error) throw new Error(`face detection failed: ${result.error}`);
      return result.face;
    } finally {
      tensor.dispose();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
