import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any -- the inputs are our own JSON artifacts, read as data */
export interface DocInputs {
  eda: any;
  quality: any;
  speed: any;
  load: any;
  crash: any;
  faults: any;
  drift: any;
  retrain: any;
  ablation: any;
  pilot: any;
}

/** Where each input comes from: the file and the command that measures it. */
export const INPUT_SOURCES: Record<keyof DocInputs, { file: string; command: string }> = {
  eda: { file: 'docs/support/eda.json', command: 'mlsd support eda' },
  quality: { file: 'bench/results/quality.json', command: 'npm run bench:quality' },
  speed: { file: 'bench/results/speed.json', command: 'npm run bench:speed' },
  load: { file: 'bench/results/load.json', command: 'npm run bench:load' },
  crash: { file: 'bench/results/crash.json', command: 'npm run bench:crash' },
  faults: { file: 'bench/results/faults.json', command: 'npm run bench:faults' },
  drift: { file: 'bench/results/drift.json', command: 'npm run bench:drift' },
  retrain: { file: 'bench/results/retrain.json', command: 'npm run bench:retrain' },
  ablation: { file: 'bench/results/ablation.json', command: 'npx tsx bench/ablation.ts' },
  pilot: {
    file: 'docs/support/pilot-report.json',
    command: 'mlsd support pilot simulate && mlsd support pilot report',
  },
};

/** Reads every measured artifact the design doc quotes; a missing one is null (the doc says so). */
export function loadDocInputs(root: string): DocInputs {
  const inputs = {} as DocInputs;
  for (const [name, source] of Object.entries(INPUT_SOURCES)) {
    const path = join(root, source.file);
    inputs[name as keyof DocInputs] = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  }
  return inputs;
}
