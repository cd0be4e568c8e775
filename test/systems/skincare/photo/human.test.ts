import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  fileFetch,
  loadHuman,
  modelPaths,
  runFaceModels,
} from '../../../../src/systems/skincare/photo/human.ts';

describe('fileFetch', () => {
  it('reads file:// URLs from disk and hands every other URL to the fallback', async () => {
    const seen: string[] = [];
    const fallback = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response('from the network');
    }) as typeof fetch;
    const fetcher = fileFetch(fallback);
    const model = pathToFileURL(`${modelPaths().modelDir}/facemesh.json`);
    const json = (await (await fetcher(model)).json()) as { format?: string };
    expect(json.format).toBe('graph-model');
    expect(await (await fetcher('https://example.org/x')).text()).toBe('from the network');
    expect(seen).toEqual(['https://example.org/x']);
    expect((await fetcher('file:///no/such/model.json')).status).toBe(404);
  });
});

describe('loadHuman', () => {
  it('loads once, leaves fetch and the process handlers as they were, keeps only face detection and mesh', async () => {
    const fetchBefore = globalThis.fetch;
    const rejectionHandlers = process.listeners('unhandledRejection').length;
    const [a, b] = await Promise.all([loadHuman(), loadHuman()]);
    expect(a).toBe(b);
    expect(globalThis.fetch).toBe(fetchBefore);
    expect(process.listeners('unhandledRejection').length).toBe(rejectionHandlers);
    const loaded = Object.entries(a.models.models as Record<string, unknown>)
      .filter(([, model]) => model)
      .map(([name]) => name);
    expect(loaded.sort()).toEqual(['blazeface', 'facemesh']);
    expect(a.config.face.description?.enabled).toBe(false);
  });

  it('runs calls one at a time and checks the buffer size', async () => {
    const blank = new Uint8Array(96 * 64 * 3);
    const results = await Promise.all([1, 2, 3].map(() => runFaceModels(blank, 96, 64)));
    expect(results.map((faces) => faces.length)).toEqual([0, 0, 0]);
    await expect(runFaceModels(blank, 10, 10)).rejects.toThrow(/expected 10 × 10 × 3/);
  });
});
