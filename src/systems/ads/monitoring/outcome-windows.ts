// Impressions grouped into windows by arrival; a click or close counts for its impression's window.
// A window is measured one window late, so the clicks and closes that come after its last
// impressions still count: every rate is "of these impressions, how many were clicked / closed".
import type { OutcomeCounts } from './outcome-metrics.ts';

export type OutcomeType = 'impression' | 'click' | 'close';

/** One counted event as the service records it. */
export interface OutcomeEvent {
  type: OutcomeType;
  decision_id: string;
  banner_id: string;
  /** The model's click probability for this decision (calibration); absent: left out of it. */
  p_click?: number | null;
  /** Experiment arm of the decision, for per-arm counts. */
  arm?: string | null;
}

interface Impression {
  banner: string;
  arm: string | null;
  p: number | null;
  clicked: 0 | 1;
  closed: 0 | 1;
}

/** A window whose impressions had one more window's time to be clicked or closed. */
export interface MaturedWindow {
  /** When its first impression arrived and when it closed (epoch ms). */
  start: number;
  end: number;
  counts: OutcomeCounts;
  /** Per banner and per experiment arm. */
  banners: Record<string, OutcomeCounts>;
  arms: Record<string, OutcomeCounts>;
  /** p_click and outcome of the impressions that had a prediction. */
  predicted: number[];
  clicked: number[];
  /**
   * Clicks and closes that arrived in this window for an impression outside the two windows kept:
   * later than a window, or an impression another process (or this one before a restart) counted.
   */
  unmatched: number;
}

class Window {
  readonly impressions = new Map<string, Impression>();
  unmatched = 0;
  constructor(readonly start: number) {}
}

const add = (into: Record<string, OutcomeCounts>, key: string, i: Impression) => {
  const c = (into[key] ??= { impressions: 0, clicks: 0, closes: 0 });
  c.impressions++;
  c.clicks += i.clicked;
  c.closes += i.closed;
};

/**
 * The outcome windows: `add` counts an event, `closeIfDue` closes the open window once it has
 * `windowSize` impressions and has lasted `minWindowMs`, and returns the window before it, now
 * matured.
 */
export class OutcomeWindows {
  private open: Window;
  private maturing: Window | null = null;

  constructor(
    private readonly windowSize: number,
    private readonly minWindowMs: number,
    now: number,
  ) {
    this.open = new Window(now);
  }

  /** Impressions in the open window. */
  get openImpressions(): number {
    return this.open.impressions.size;
  }

  /** Counts one event: an impression joins the open window; a click or close marks its impression. */
  add(event: OutcomeEvent): void {
    if (event.type === 'impression') {
      if (this.open.impressions.has(event.decision_id) || this.maturing?.impressions.has(event.decision_id))
        return; // the service counts one impression per decision; this guards a replay
      const p = event.p_click;
      this.open.impressions.set(event.decision_id, {
        banner: event.banner_id,
        arm: event.arm ?? null,
        p: typeof p === 'number' && Number.isFinite(p) ? p : null,
        clicked: 0,
        closed: 0,
      });
      return;
    }
    const impression =
      this.open.impressions.get(event.decision_id) ?? this.maturing?.impressions.get(event.decision_id);
    if (!impression) {
      this.open.unmatched++;
      return;
    }
    if (event.type === 'click') impression.clicked = 1;
    else impression.closed = 1;
  }

  /** Closes the open window when both rules are met; returns the window it matured, if any. */
  closeIfDue(now: number): MaturedWindow | null {
    if (this.open.impressions.size < this.windowSize || now - this.open.start < this.minWindowMs) return null;
    const matured = this.maturing;
    this.maturing = this.open;
    this.open = new Window(now);
    return matured && summarize(matured, this.maturing.start);
  }
}

function summarize(window: Window, end: number): MaturedWindow {
  const counts = { impressions: 0, clicks: 0, closes: 0 };
  const banners: Record<string, OutcomeCounts> = {};
  const arms: Record<string, OutcomeCounts> = {};
  const predicted: number[] = [];
  const clicked: number[] = [];
  for (const i of window.impressions.values()) {
    counts.impressions++;
    counts.clicks += i.clicked;
    counts.closes += i.closed;
    add(banners, i.banner, i);
    if (i.arm !== null) add(arms, i.arm, i);
    if (i.p !== null) {
      predicted.push(i.p);
      clicked.push(i.clicked);
    }
  }
  return {
    start: window.start,
    end,
    counts,
    banners,
    arms,
    predicted,
    clicked,
    unmatched: window.unmatched,
  };
}
