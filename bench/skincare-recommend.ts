// Skincare recommendations under open-loop (fixed-rate) load, in process: 100 requests/s for 20 s
// of recommend() calls over the real catalog (scored by a suitability model trained on the fly)
// and the real knowledge base, with seeded generated questionnaires (every field, red flags
// included), after 500 unmeasured warm-up calls per arm. Latency counts from each request's scheduled time, so a slow call delays the next and
// queueing shows (no coordinated omission). Both pilot arms are measured; the first call (which
// matches the catalog against the KB once) is reported apart. Target: P99 ≤ 20 ms at 100/s.
// Then the offline ranking evaluation (NDCG@10, MAP on held-out brands). Writes
// bench/results/skincare/recommend.json and ranking.json.
// SKINCARE_BENCH_RATE / SKINCARE_BENCH_SECONDS change the run; SKINCARE_BENCH_SKIP_RANKING=1 skips the evaluation.
import { loadavg } from 'node:os';
import { KNOWLEDGE_BASE } from '../src/systems/skincare/knowledge/index.ts';
import { scoredCatalogFromData } from '../src/systems/skincare/cli/recommend.ts';
import { evaluateRanking } from '../src/systems/skincare/model/ranking-eval.ts';
import { countViolations, generateQuestionnaires } from '../src/systems/skincare/recommend/generate.ts';
import {
  recommend,
  recommendBaseline,
  type RecommendInput,
} from '../src/systems/skincare/recommend/recommend.ts';
import type { Recommendation } from '../src/systems/skincare/contracts.ts';
import { machine, peakRssMiB, writeResult } from './common.ts';
import { percentile } from './harness.ts';

const RATE = Number(process.env.SKINCARE_BENCH_RATE ?? 100);
const SECONDS = Number(process.env.SKINCARE_BENCH_SECONDS ?? 20);
const TARGET_P99_MS = 20;
const SEED = 20_240_301;
const WARMUP_CALLS = 500;

const log = (line: string) => process.stderr.write(`bench skincare: ${line}\n`);
const round = (v: number) => Math.round(v * 100) / 100;

log('loading and scoring the catalog');
const loadStarted = performance.now();
const catalog = await scoredCatalogFromData(undefined, log);
const loadSeconds = (performance.now() - loadStarted) / 1000;
const kb = KNOWLEDGE_BASE;
const questionnaires = generateQuestionnaires(Math.round(RATE * SECONDS), SEED, kb);

/** Calls `recommender` at `rate`/s on a fixed schedule; latency from each call's scheduled time. */
async function openLoop(recommender: (input: RecommendInput) => Recommendation) {
  const interval = 1000 / RATE;
  const latencies: number[] = [];
  const service: number[] = [];
  const started = performance.now();
  for (let i = 0; i < questionnaires.length; i++) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const begin = performance.now();
    recommender({ questionnaire: questionnaires[i], catalog: catalog.products, kb });
    const end = performance.now();
    latencies.push(end - scheduled);
    service.push(end - begin);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  service.sort((a, b) => a - b);
  const summary = (values: number[]) => ({
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.at(-1) ?? Number.NaN),
  });
  return {
    target_per_second: RATE,
    seconds: SECONDS,
    requests: questionnaires.length,
    achieved_per_second: Math.round(questionnaires.length / elapsed),
    /** From the scheduled time (what a caller waits, queueing included). */
    latency_ms: summary(latencies),
    /** The call alone. */
    service_ms: summary(service),
    target_p99_ms: TARGET_P99_MS,
    target_met: percentile(latencies, 99) <= TARGET_P99_MS,
  };
}

const coldStarted = performance.now();
recommend({ questionnaire: questionnaires[0], catalog: catalog.products, kb });
const firstCallMs = performance.now() - coldStarted;
// A serving process is warm: 500 unmeasured calls of each arm let the JIT settle first.
const warmup = generateQuestionnaires(WARMUP_CALLS, SEED + 1, kb);
for (const questionnaire of warmup) {
  recommend({ questionnaire, catalog: catalog.products, kb });
  recommendBaseline({ questionnaire, catalog: catalog.products, kb });
}
log(
  `first call (catalog × KB index) ${firstCallMs.toFixed(0)} ms; open loop ${RATE}/s for ${SECONDS} s, model arm`,
);
const model = await openLoop(recommend);
log(`model P99 ${model.latency_ms.p99} ms; baseline arm`);
const baseline = await openLoop(recommendBaseline);
log(`baseline P99 ${baseline.latency_ms.p99} ms; checking the hard rules on every generated questionnaire`);
const rules = {
  model: countViolations(recommend, questionnaires, catalog.products, kb),
  baseline: countViolations(recommendBaseline, questionnaires, catalog.products, kb),
};

const result = {
  machine: machine(),
  /** 1/5/15-minute load averages at the end: the machine's 2 cores are shared, and the tail shows it. */
  load_average: loadavg().map((v) => round(v)),
  what: 'recommend() in process (no HTTP), open-loop fixed rate, real catalog and knowledge base, generated questionnaires',
  catalog: {
    products: catalog.products.length,
    origin: catalog.origin,
    load_and_score_seconds: round(loadSeconds),
  },
  first_call_ms: round(firstCallMs),
  warmup_calls_per_arm: WARMUP_CALLS,
  arms: { model, baseline },
  rules: {
    questionnaires: questionnaires.length,
    violations: { model: rules.model.violations, baseline: rules.baseline.violations },
  },
  peak_rss_mib: peakRssMiB(),
  seed: SEED,
};
log(`wrote ${writeResult('recommend', result, 'skincare')}`);

if (process.env.SKINCARE_BENCH_SKIP_RANKING !== '1') {
  log('ranking evaluation (GroupKFold(5) by brand, nested suitability fits)');
  const evalStarted = performance.now();
  const ranking = evaluateRanking(catalog.products, kb, { seed: SEED });
  const output = { machine: machine(), seconds: round((performance.now() - evalStarted) / 1000), ...ranking };
  log(
    `NDCG@10 model ${ranking.ndcg_at_10.model.value.toFixed(3)} popularity ${ranking.ndcg_at_10.popularity.value.toFixed(3)} random ${ranking.ndcg_at_10.random.value.toFixed(3)}`,
  );
  log(`wrote ${writeResult('ranking', output, 'skincare')}`);
}
