import { createServer, type Server } from 'node:http';

export interface Delivery {
  key: string;
  body: { comment_id: string; user_id: string; message: string; emotion: string; model_version: string };
}

/**
 * A replies API on loopback that honours Idempotency-Key: `accepted` holds each key once.
 * `fault` decides per call whether to answer normally, fail with 500, reject with 400, or hang.
 */
export async function startReceiver(fault: () => 'ok' | 'fail' | 'reject' | 'hang' = () => 'ok') {
  const accepted = new Map<string, Delivery>();
  const calls: string[] = [];
  let duplicates = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      calls.push(key);
      const mode = fault();
      if (mode === 'hang') return; // never answers; the client's timeout must fire
      if (mode === 'fail') return void res.writeHead(500).end('boom');
      if (mode === 'reject') return void res.writeHead(400).end('bad');
      if (accepted.has(key)) duplicates++;
      else accepted.set(key, { key, body: JSON.parse(raw) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/replies`;
  return {
    url,
    accepted,
    calls,
    duplicates: () => duplicates,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
