import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

// Chart libraries served as plain files: no bundler, no CDN (the service may run offline).
const VENDOR: Record<string, { module: string; type: string }> = {
  'echarts.min.js': { module: 'echarts/dist/echarts.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.iife.min.js': { module: 'uplot/dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { module: 'uplot/dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
};

/** Serves the dashboard's chart libraries under /dashboard/static/, cached by the browser for a day. */
export async function dashboardAssets(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Buffer>();
  app.get('/dashboard/static/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const asset = VENDOR[file];
    if (!asset) return reply.code(404).send({ title: 'Not Found', detail: `no dashboard asset "${file}"` });
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(require.resolve(asset.module))));
    return reply.type(asset.type).header('cache-control', 'private, max-age=86400').send(body);
  });
}

/** Serves a file of the caller's own (page, client script) read once. */
export function staticFile(path: string, type: string): () => { body: Buffer; type: string } {
  let body: Buffer | undefined;
  return () => ({ body: (body ??= readFileSync(path)), type });
}
