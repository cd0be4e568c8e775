import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { sendProblem } from '../http/problem.ts';
import { packagePath } from '../package-root.ts';

const require = createRequire(import.meta.url);

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
// The shell's own files are read from the sources, also when the code runs compiled from dist/.
const CLIENT = 'src/platform/dashboard/client';

/** Where the shared files live: `<DASHBOARD_PATH>/assets/<file>`. */
export const ASSETS_SEGMENT = 'assets';

interface Asset {
  path: () => string;
  type: string;
  /** Chart libraries change only with the package; the shell's own files on every upgrade. */
  maxAgeSeconds: number;
}

// Chart libraries served as plain files: no bundler, no CDN (the service may run offline).
const ASSETS: Record<string, Asset> = {
  'echarts.min.js': {
    path: () => require.resolve('echarts/dist/echarts.min.js'),
    type: JS,
    maxAgeSeconds: 86_400,
  },
  'uPlot.iife.min.js': {
    path: () => require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: JS,
    maxAgeSeconds: 86_400,
  },
  'uPlot.min.css': {
    path: () => require.resolve('uplot/dist/uPlot.min.css'),
    type: CSS,
    maxAgeSeconds: 86_400,
  },
  'shell.js': { path: () => packagePath(CLIENT, 'shell.client.js'), type: JS, maxAgeSeconds: 0 },
  'shell.css': { path: () => packagePath(CLIENT, 'shell.css'), type: CSS, maxAgeSeconds: 0 },
};

/** The shared files every dashboard page loads, in order (styles, then scripts). */
export const SHELL_STYLES = ['uPlot.min.css', 'shell.css'];
export const SHELL_SCRIPTS = ['uPlot.iife.min.js', 'echarts.min.js', 'shell.js'];

/** Serves the chart libraries and the shell's client helpers under `<root>/assets/`. */
export async function dashboardAssets(
  app: FastifyInstance,
  root: string,
  routeOptions: RouteShorthandOptions,
): Promise<void> {
  const cache = new Map<string, Buffer>();
  app.get(`${root}/${ASSETS_SEGMENT}/:file`, routeOptions, async (request, reply) => {
    const { file } = request.params as { file: string };
    const asset = ASSETS[file];
    if (!asset)
      return sendProblem(reply, {
        status: 404,
        title: 'Not Found',
        detail: `no dashboard asset "${file}"; there are ${Object.keys(ASSETS).join(', ')}`,
      });
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(asset.path())));
    const cacheControl = asset.maxAgeSeconds ? `private, max-age=${asset.maxAgeSeconds}` : 'no-cache';
    return reply.type(asset.type).header('cache-control', cacheControl).send(body);
  });
}

/** Serves a file of the caller's own (e.g. a system's client script), read once. */
export function staticFile(path: string, type: string): () => { body: Buffer; type: string } {
  let body: Buffer | undefined;
  return () => ({ body: (body ??= readFileSync(path)), type });
}
