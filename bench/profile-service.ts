// Profiles the embedded service under a fixed arrival rate: `npx tsx bench/profile-service.ts [rate] [seconds]`
// writes a V8 CPU profile of the service process to /tmp/mlsd-profile/ (open it in Chrome DevTools)
// and prints the achieved rate, ingest P99 and the service's own hottest functions.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commentTexts, percentile, postJson, startService } from './harness.ts';

const rate = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 8);
const batch = 50;
const profileDir = '/tmp/mlsd-profile';
rmSync(profileDir, { recursive: true, force: true });
const service = await startService(mkdtempSync(join(tmpdir(), 'mlsd-prof-')), 3319, {}, [
  '--cpu-prof',
  `--cpu-prof-dir=${profileDir}`,
]);
const texts = commentTexts();
let counter = 0;
const ingest: number[] = [];
const started = performance.now();
const total = Math.round((rate * seconds) / batch);
const inflight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const scheduled = started + (i * 1000 * batch) / rate;
  const wait = scheduled - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const comments = Array.from({ length: batch }, () => {
    counter++;
    return {
      comment_id: `p-${counter}`,
      user_id: `user-${counter % 50_000}`,
      text: texts[counter % texts.length],
    };
  });
  inflight.push(
    postJson(3319, '/v1/comments', { comments }).then(() => void ingest.push(performance.now() - scheduled)),
  );
}
await Promise.all(inflight);
const achieved = Math.round((total * batch) / ((performance.now() - started) / 1000));
await new Promise((r) => setTimeout(r, 2000));
await service.stop('SIGINT');
await new Promise((r) => setTimeout(r, 1000));
ingest.sort((a, b) => a - b);
process.stdout.write(
  `target ${rate}/s achieved ${achieved}/s, ingest P99 ${percentile(ingest, 99).toFixed(0)} ms\n`,
);
const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
if (file) {
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byNode.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const sorted = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [key, n] of sorted)
    process.stdout.write(`${((100 * n) / profile.samples.length).toFixed(1).padStart(5)} %  ${key}\n`);
}
