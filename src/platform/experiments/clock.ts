// Simulated time for pilots replayed faster than life: the service under test reads a clock that
// stands at the simulated day's start and runs on at real speed within the day, so timeouts and
// latencies stay real while cooldowns and day boundaries follow the simulation.

export const DAY_MS = 86_400_000;

/**
 * A clock at a settable simulated time that advances with real time between settings.
 * @example
 * const clock = new SimulatedClock(1_000, () => 50);
 * clock.now(); // 1000
 * clock.set(5_000);
 * clock.now(); // 5000
 */
export class SimulatedClock {
  private simulatedAtSet: number;
  private realAtSet: number;

  constructor(
    start: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.simulatedAtSet = start;
    this.realAtSet = realNow();
  }

  /** The simulated time in epoch ms; pass `clock.now` wherever a `() => number` clock is taken. */
  now = (): number => this.simulatedAtSet + (this.realNow() - this.realAtSet);

  /** Jumps to `at` (epoch ms); real time then runs on from there. */
  set(at: number): void {
    this.simulatedAtSet = at;
    this.realAtSet = this.realNow();
  }
}

export interface SimulatedDays {
  /** Midnight of day 0, epoch ms. */
  day0: number;
  days: number;
  /** Where in each day the clock is set before the day's work (default 09:00). */
  startOfDayMs?: number;
}

/**
 * Runs `work(day, dayStart)` for day 0 … days − 1 in order, setting the clock to each day's start
 * first, so everything the day's work does is stamped with that day.
 * @example
 * const clock = new SimulatedClock(0, () => 0);
 * const seen = [];
 * await forEachSimulatedDay(clock, { day0: 0, days: 2, startOfDayMs: 0 }, (day) => { seen.push([day, clock.now()]); });
 * seen; // [[0, 0], [1, 86400000]]
 */
export async function forEachSimulatedDay(
  clock: SimulatedClock,
  schedule: SimulatedDays,
  work: (day: number, dayStart: number) => Promise<void> | void,
): Promise<void> {
  const offset = schedule.startOfDayMs ?? 9 * 3_600_000;
  for (let day = 0; day < schedule.days; day++) {
    const dayStart = schedule.day0 + day * DAY_MS + offset;
    clock.set(dayStart);
    await work(day, dayStart);
  }
}

/**
 * The simulated day of item `index` of `count` items spread evenly over `days` days.
 * @example
 * [0, 1, 2, 3].map((i) => dayOfItem(i, 4, 2)); // [0, 0, 1, 1]
 */
export function dayOfItem(index: number, count: number, days: number): number {
  return Math.floor((index * days) / count);
}
