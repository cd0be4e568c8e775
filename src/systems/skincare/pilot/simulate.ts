// A SIMULATED pilot: seeded users go through the real flow (consent, photo, questionnaire,
// routine, score) on a simulated clock. Only the users are simulated — their arrival, their
// photos' quality, their questionnaires and their scores; everything they meet is the real
// service. The scores follow a stated ASSUMPTION (below), so the pilot's satisfaction numbers say
// what the rankers' routines would earn under it, never what real users think.
import type { SimulatedClock } from '../../../platform/experiments/clock.ts';
import { createRng, type Rng } from '../../../ml/random/rng.ts';
import type { Questionnaire, Recommendation, SkincareFlow } from '../contracts.ts';
import { activesFor } from '../knowledge/index.ts';
import { DAY_MS } from './metrics.ts';
import type { PhotoPool, SimulationPhoto } from './simulate-photos.ts';

/** Every assumption of the simulation, with its value (the report prints them all). */
export const SIMULATION_ASSUMPTIONS = {
  users: { value: 150, meaning: 'simulated users, arriving uniformly over the pilot' },
  days: { value: 14, meaning: 'pilot length in days' },
  declineConsent: { value: 0.08, meaning: 'share who decline photo processing and leave' },
  badFirstPhoto: {
    value: 0.15,
    meaning: 'share whose first photo is unusable (dark, burnt out, too far, blurred, no face, not an image)',
  },
  cameraChangeDay: {
    value: 9,
    meaning: 'from this day on, an app update blurs many first photos (a monitoring scenario)',
  },
  blurredAfterChange: { value: 0.6, meaning: 'share of first photos blurred after the change' },
  retake: { value: 0.7, meaning: 'chance a user retakes after a refusal (at most twice)' },
  goOnWithoutPhoto: {
    value: 0.5,
    meaning: 'chance a user whose photos were all refused goes on without one (the photo is optional)',
  },
  rate: { value: 0.75, meaning: 'share of users with a routine who score it' },
  returnVisit: {
    value: 0.3,
    meaning: 'chance a user comes back 7 days later for a new routine (if the pilot still runs)',
  },
  scoreAllGoalsServed: {
    value: 9,
    meaning: 'mean score when every stated goal is served by an active in the routine',
  },
  scoreNoGoalServed: {
    value: 5.5,
    meaning: 'mean score when none is (linear in between; no goals stated counts as all served)',
  },
  scoreNoise: {
    value: 1.3,
    meaning: 'standard deviation of a score around its mean (then rounded and clipped to 1..10)',
  },
} as const;
export type SimulationParams = { [K in keyof typeof SIMULATION_ASSUMPTIONS]: number };
export const DEFAULT_SIMULATION: SimulationParams = Object.fromEntries(
  Object.entries(SIMULATION_ASSUMPTIONS).map(([k, v]) => [k, v.value]),
) as SimulationParams;

/**
 * The share of the user's goals that at least one routine product serves with a known active
 * (the knowledge base's actives per goal); 1 when no goal was stated.
 * @example
 * const routine = { am: [{ step: 'treatment', product: { id: 'x', brand: 'b', name: 'n', price: 1, ingredients: ['SALICYLIC ACID'] }, why: [] }], pm: [] };
 * goalCoverage({ skin_type: 'oily', sensitive: false, goals: ['acne', 'dryness'] }, { disclaimer: '', red_flag: null, routine }); // 0.5
 */
export function goalCoverage(questionnaire: Questionnaire, recommendation: Recommendation): number {
  const goals = questionnaire.goals;
  if (goals.length === 0) return 1;
  const entries = [...recommendation.routine.am, ...recommendation.routine.pm];
  const served = goals.filter((goal) =>
    entries.some((e) => activesFor(goal, e.product.ingredients).length > 0),
  );
  return served.length / goals.length;
}

/** Standard normal draw (Box–Muller) from the seeded generator. */
const gaussian = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** The ASSUMED score of a routine with this goal coverage: linear mean, normal noise, 1..10. */
export function assumedScore(coverage: number, rng: Rng, p: SimulationParams = DEFAULT_SIMULATION): number {
  const mean = p.scoreNoGoalServed + (p.scoreAllGoalsServed - p.scoreNoGoalServed) * coverage;
  return Math.min(10, Math.max(1, Math.round(mean + p.scoreNoise * gaussian(rng))));
}

export interface SimulationInput {
  flow: SkincareFlow;
  clock: SimulatedClock;
  photos: PhotoPool;
  /** One questionnaire per user (the recommender's generator: red flags, pregnancy, budgets included). */
  questionnaires: Questionnaire[];
  /** Midnight UTC of day 0. */
  day0: number;
  /** Called once at the start of day 2: a partner brand imports its products. */
  partnerImport?: () => Promise<void>;
  params?: Partial<SimulationParams>;
  seed?: number;
}

export interface SimulationSummary {
  users: number;
  sessions: number;
  photos_sent: number;
  photos_rejected: number;
  routines: number;
  referrals: number;
  scores: number;
  /** Mean goal coverage of the routines each arm served (what the assumed scores follow). */
  coverage_by_arm: Record<string, { routines: number; mean_coverage: number }>;
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[rng.int(0, list.length - 1)]!;

/**
 * Runs the simulated pilot through the flow; returns what the simulated users did. It needs a
 * started service's flow, a simulated clock and a photo pool (bench/skincare-pilot.ts builds them
 * from simulate-parts.ts and simulate-photos.ts), so the usage is shown here, not run:
 * `const summary = await simulatePilot({ flow, clock, photos, questionnaires, day0 })`; with the
 * default assumptions `summary.users` is 150.
 */
export async function simulatePilot(input: SimulationInput): Promise<SimulationSummary> {
  const p = { ...DEFAULT_SIMULATION, ...input.params };
  const rng = createRng(input.seed ?? 7);
  const { flow, clock, photos } = input;
  const summary: SimulationSummary = {
    users: p.users,
    sessions: 0,
    photos_sent: 0,
    photos_rejected: 0,
    routines: 0,
    referrals: 0,
    scores: 0,
    coverage_by_arm: {},
  };
  // Each visit: a user and a time; return visits are added as they are decided, then all run in time order.
  const visits: { user: number; at: number; returning: boolean }[] = [];
  for (let u = 0; u < p.users; u++)
    visits.push({
      user: u,
      at: input.day0 + ((u + rng.next()) / p.users) * p.days * DAY_MS,
      returning: false,
    });
  const end = input.day0 + p.days * DAY_MS;
  let imported = !input.partnerImport;
  const analysisOf = new Map<number, string>();

  const sendPhoto = async (userId: string, first: boolean, day: number): Promise<string | null> => {
    let photo: SimulationPhoto;
    if (first && day >= p.cameraChangeDay && rng.next() < p.blurredAfterChange)
      photo = pick(rng, photos.blurred);
    else if (first && rng.next() < p.badFirstPhoto) photo = pick(rng, photos.bad);
    else photo = pick(rng, photos.good);
    summary.photos_sent++;
    const { analysis_id, analysis } = await flow.analyse(userId, photo.bytes);
    if (analysis.accepted) return analysis_id;
    summary.photos_rejected++;
    return null;
  };

  for (let i = 0; i < visits.length; i++) {
    visits.sort((a, b) => a.at - b.at); // return visits join in time order
    const visit = visits[i]!;
    if (!imported && visit.at >= input.day0 + 2 * DAY_MS) {
      clock.set(input.day0 + 2 * DAY_MS);
      await input.partnerImport!();
      imported = true;
    }
    clock.set(visit.at);
    const userId = `sim:user-${String(visit.user).padStart(4, '0')}`;
    const questionnaire = input.questionnaires[visit.user % input.questionnaires.length]!;
    summary.sessions++;
    await flow.start(userId);
    let analysisId: string | null = analysisOf.get(visit.user) ?? null;
    if (!visit.returning) {
      if (rng.next() < p.declineConsent) continue;
      await flow.setConsent(userId, { photo_processing: true, keep_history: rng.next() < 0.3 });
      const day = Math.floor((visit.at - input.day0) / DAY_MS);
      analysisId = await sendPhoto(userId, true, day);
      for (let retake = 0; analysisId === null && retake < 2 && rng.next() < p.retake; retake++)
        analysisId = await sendPhoto(userId, false, day);
      if (analysisId === null && rng.next() >= p.goOnWithoutPhoto) continue; // gave up
      if (analysisId !== null) analysisOf.set(visit.user, analysisId);
    }
    // A returning user's analysis may have expired (not kept as history): the routine then goes without it.
    const answer = await flow
      .recommend(userId, questionnaire, visit.returning ? undefined : (analysisId ?? undefined))
      .catch((error: unknown) => {
        throw new Error(`simulated user ${userId}: recommend failed: ${(error as Error).message}`);
      });
    if (answer.red_flag) {
      summary.referrals++;
      continue;
    }
    summary.routines++;
    const coverage = goalCoverage(questionnaire, answer);
    const c = (summary.coverage_by_arm[answer.arm] ??= { routines: 0, mean_coverage: 0 });
    c.mean_coverage = (c.mean_coverage * c.routines + coverage) / (c.routines + 1);
    c.routines++;
    if (rng.next() < p.rate) {
      await flow.feedback(userId, answer.recommendation_id, assumedScore(coverage, rng, p));
      summary.scores++;
    }
    if (!visit.returning && rng.next() < p.returnVisit && visit.at + 7 * DAY_MS < end)
      visits.push({ user: visit.user, at: visit.at + 7 * DAY_MS, returning: true });
  }
  return summary;
}
