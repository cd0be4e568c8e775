import { Command } from '@commander-js/extra-typings';
import { analyzeExperiment, type ExperimentAnalysis } from '../ml/stats/experiment.ts';
import { ExperimentInputError, parseExperimentInput } from '../platform/experiments/analysis-input.ts';
import { UsageError } from './common.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function renderAnalysis(result: ExperimentAnalysis): string {
  const lines = [
    `SRM check p = ${result.srm_p_value.toPrecision(3)}${result.srm_p_value < 0.001 ? '  ← sample ratio mismatch: do not trust the rest' : ''}`,
  ];
  for (const arm of result.arms) {
    const value = result.metric === 'proportion' ? pct(arm.rate!) : arm.mean!.toPrecision(4);
    const ci =
      result.metric === 'proportion'
        ? `[${pct(arm.ci[0])}, ${pct(arm.ci[1])}]`
        : `[${arm.ci[0].toPrecision(4)}, ${arm.ci[1].toPrecision(4)}]`;
    let line = `${arm.name.padEnd(10)} n=${arm.n}  ${value} ${ci}`;
    if (arm.lift !== undefined)
      line += `  lift ${pct(arm.lift)} [${pct(arm.lift_ci![0])}, ${pct(arm.lift_ci![1])}]  p=${arm.p_value!.toPrecision(3)}  MDE ${arm.mde!.toPrecision(3)}`;
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

export function experimentCommand(): Command {
  const experiment = new Command('experiment').description('A/B test analysis (the platform stats engine)');
  experiment
    .command('analyze')
    .description(
      'read {"metric":"proportion","arms":[{"name","users","conversions"},…],"expected_split"?} or ' +
        '{"metric":"mean","arms":[{"name","n","mean","var"},…]} on stdin; the first arm is the control',
    )
    .option('--json', 'print one JSON object')
    .action(async (options) => {
      let input;
      try {
        input = parseExperimentInput(await readStdin());
      } catch (error) {
        if (error instanceof ExperimentInputError)
          throw new UsageError(`experiment analyze: ${error.message}`);
        throw error;
      }
      const result = analyzeExperiment(input);
      process.stdout.write(options.json ? JSON.stringify(result) + '\n' : renderAnalysis(result));
    });
  return experiment;
}
