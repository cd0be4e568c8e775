import { Command } from '@commander-js/extra-typings';
import { analyzeExperiment, type ExperimentAnalysis } from '../ml/stats/experiment.ts';
import { ExperimentInputError, parseExperimentInput } from '../platform/experiments/analysis-input.ts';
import { decideTreatments, type TreatmentDecision } from '../platform/experiments/decision.ts';
import { formatInterval, formatPercent, formatPValue, roundNumbersDeep } from '../platform/reports/format.ts';
import { UsageError } from '../platform/cli/common.ts';

/**
 * JSON numbers keep 12 significant digits: enough for any statistic computed here, and no binary
 * noise such as a lift of 0.30000000000000004 (printed as 0.3).
 */
export const JSON_SIGNIFICANT_DIGITS = 12;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const pct = (x: number) => formatPercent(x, 1);
const signedPct = (x: number) => `${x > 0 ? '+' : ''}${pct(x)}`;
const points = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(2)}`;
const num = (x: number) => x.toPrecision(4);

/** The human readout: values rounded for reading, the decision rule stated, disagreements explained. */
export function renderAnalysis(
  result: ExperimentAnalysis,
  decisions: TreatmentDecision[],
  alpha: number,
): string {
  const proportion = result.metric === 'proportion';
  const value = proportion ? pct : num;
  const lines = [
    `SRM check p = ${formatPValue(result.srm_p_value)}${result.srm_p_value < 0.001 ? '  ← sample ratio mismatch: do not trust the rest' : ''}`,
  ];
  for (const arm of result.arms) {
    let line = `${arm.name.padEnd(10)} n=${arm.n}  ${value(arm.rate ?? arm.mean!)} ${formatInterval(arm.ci, value)}`;
    if (arm.lift !== undefined)
      line +=
        `  lift ${signedPct(arm.lift)} ${formatInterval(arm.lift_ci!, signedPct)}  p = ${formatPValue(arm.p_value!)}` +
        `  MDE ${proportion ? `${(arm.mde! * 100).toFixed(2)} points` : num(arm.mde!)}`;
    lines.push(line);
  }
  const control = result.arms[0]!.name;
  lines.push('', `Decision rule: ${decisions[0]!.rule} (${Math.round((1 - alpha) * 100)} % CIs).`);
  for (const d of decisions) {
    const diff = proportion
      ? `${points(d.difference)} points ${formatInterval(d.difference_ci, points)}`
      : `${num(d.difference)} ${formatInterval(d.difference_ci, num)}`;
    lines.push(
      `${d.arm} vs ${control}: ${d.significant ? 'significant' : 'not significant'}; difference ${diff}`,
    );
    if (d.note) lines.push(`  note: ${d.note}.`);
  }
  return lines.join('\n') + '\n';
}

export function experimentCommand(): Command {
  const experiment = new Command('experiment').description('A/B test analysis (the platform stats engine)');
  experiment
    .command('analyze')
    .description(
      'read {"metric":"proportion","arms":[{"name","users","conversions"},…],"expected_split"?} or ' +
        '{"metric":"mean","arms":[{"name","n","mean","var"},…]} on stdin; the first arm is the control. ' +
        'The decision is the two-sided test (pooled z-test / Welch) at α; the relative-lift CI is shown ' +
        'beside it and a note says when the two disagree',
    )
    .option('--alpha <a>', 'significance level of the test and the CIs', '0.05')
    .option(
      '--json',
      `print one JSON object (numbers rounded to ${JSON_SIGNIFICANT_DIGITS} significant digits; each treatment arm has a "decision")`,
    )
    .action(async (options) => {
      const alpha = Number(options.alpha);
      if (!(alpha > 0 && alpha < 1))
        throw new UsageError(
          `experiment analyze: --alpha ${options.alpha}: must be a number between 0 and 1`,
        );
      let input;
      try {
        input = parseExperimentInput(await readStdin());
      } catch (error) {
        if (error instanceof ExperimentInputError)
          throw new UsageError(`experiment analyze: ${error.message}`);
        throw error;
      }
      const result = analyzeExperiment(input, { alpha });
      const decisions = decideTreatments(input, result, alpha);
      if (!options.json) {
        process.stdout.write(renderAnalysis(result, decisions, alpha));
        return;
      }
      const withDecisions = {
        ...result,
        arms: result.arms.map((arm, i) => (i === 0 ? arm : { ...arm, decision: decisions[i - 1] })),
      };
      process.stdout.write(JSON.stringify(roundNumbersDeep(withDecisions, JSON_SIGNIFICANT_DIGITS)) + '\n');
    });
  return experiment;
}
