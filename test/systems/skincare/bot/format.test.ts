import { describe, expect, it } from 'vitest';
import type { Recommendation, RoutineEntry } from '../../../../src/systems/skincare/contracts.ts';
import {
  formatDeletedCounts,
  formatHistory,
  formatRecommendation,
  MAX_MESSAGE_LENGTH,
  packMessages,
} from '../../../../src/systems/skincare/bot/format.ts';
import { TEXTS_EN } from '../../../../src/systems/skincare/bot/texts.ts';

const entry = (step: RoutineEntry['step'], price: number | null, why: string[]): RoutineEntry => ({
  step,
  product: { id: `p:${step}`, brand: 'Brand', name: `A ${step}`, price, ingredients: ['AQUA'] },
  why,
});

describe('bot message formatting', () => {
  it('a routine lists morning and evening steps with price and reasons, and ends with the disclaimer', () => {
    const recommendation: Recommendation = {
      disclaimer: 'Not medical advice.',
      red_flag: null,
      routine: {
        am: [entry('cleanser', 12, ['gentle']), entry('sunscreen', null, ['SPF 50 every morning'])],
        pm: [entry('treatment', 30.5, ['Niacinamide — reduces sebum, for your goal "oiliness"'])],
      },
    };
    const [message, ...rest] = formatRecommendation(recommendation, TEXTS_EN);
    expect(rest).toEqual([]);
    expect(message).toBe(
      [
        'Your routine:',
        '',
        '☀️ Morning',
        '1. Cleanser: Brand — A cleanser ($12.00)',
        '   – gentle',
        '2. Sunscreen: Brand — A sunscreen (price unknown)',
        '   – SPF 50 every morning',
        '',
        '🌙 Evening',
        '1. Treatment: Brand — A treatment ($30.50)',
        '   – Niacinamide — reduces sebum, for your goal "oiliness"',
        '',
        '⚠️ Not medical advice.',
      ].join('\n'),
    );
  });

  it('says why a step stayed empty', () => {
    const [message] = formatRecommendation(
      {
        disclaimer: 'D.',
        red_flag: null,
        routine: { am: [], pm: [] },
        notes: ['No cleanser within $1.00 per product passed the rules; raise the budget to at least $3.38.'],
      },
      TEXTS_EN,
    );
    expect(message).toContain('ℹ️ No cleanser within $1.00 per product passed the rules');
    expect(message!.endsWith('⚠️ D.')).toBe(true);
  });

  it('a red flag gives the referral and no products', () => {
    const messages = formatRecommendation(
      {
        disclaimer: 'D.',
        red_flag: { key: 'changing_mole', referral: 'See a dermatologist soon.' },
        routine: { am: [], pm: [] },
      },
      TEXTS_EN,
    );
    expect(messages).toEqual([`${TEXTS_EN.redFlagHeader}\nSee a dermatologist soon.\n\n⚠️ D.`]);
  });

  it('long routines split into messages Telegram accepts, losing nothing', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `${i} `.repeat(100 + i * 10));
    const messages = packMessages(blocks);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(messages.join('\n\n')).toBe(blocks.join('\n\n'));
    const huge = packMessages(['x'.repeat(MAX_MESSAGE_LENGTH * 2 + 5)]);
    expect(huge.map((m) => m.length)).toEqual([MAX_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH, 5]);
  });

  it('history: each indicator from first to last with the signed change; none kept says how to keep one', () => {
    const indicators = (redness: number) => ({
      shine: { value: 0.2, confidence: 0.9 },
      redness: { value: redness, confidence: 0.8 },
      uneven_tone: { value: 0.5, confidence: 0.7 },
      texture: { value: 0.3, confidence: 0.6 },
    });
    const text = formatHistory(
      {
        analyses: [
          { analysis_id: 'a', at: '2025-01-06T12:00:00.000Z', indicators: indicators(0.4) },
          { analysis_id: 'b', at: '2025-02-03T12:00:00.000Z', indicators: indicators(0.25) },
        ],
        change: { redness: -0.15, shine: 0, uneven_tone: 0, texture: 0 },
      },
      TEXTS_EN,
    );
    expect(text.split('\n')).toEqual([
      'Your history: 2 analyses, 2025-01-06 → 2025-02-03.',
      'Shine: 0.20 → 0.20 (+0.00)',
      'Redness: 0.40 → 0.25 (−0.15)',
      'Uneven tone: 0.50 → 0.50 (+0.00)',
      'Texture: 0.30 → 0.30 (+0.00)',
    ]);
    expect(formatHistory({ analyses: [], change: {} }, TEXTS_EN)).toBe(TEXTS_EN.historyOff);
  });

  it('deleted rows are named without the table prefix, zero counts left out', () => {
    expect(formatDeletedCounts({ skincare_analyses: 2, skincare_feedback: 0, experiment_exposures: 1 })).toBe(
      'analyses: 2, experiment exposures: 1',
    );
  });
});
