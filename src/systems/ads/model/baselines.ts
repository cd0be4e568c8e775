import type { CtrExample } from './dataset.ts';

/** A CTR predictor that reads only where an impression was (no user context). */
export interface SlotPredictor {
  name: string;
  predict(example: Pick<CtrExample, 'campaign' | 'item' | 'position'>): number;
}

const clickRate = (examples: readonly Pick<CtrExample, 'click'>[]): number => {
  let clicks = 0;
  for (const e of examples) clicks += e.click;
  return examples.length ? clicks / examples.length : 0;
};

/**
 * The uniform-random baseline: every impression gets the training CTR (what a random banner
 * earns on average). Its AUC is 0.5 by construction and its normalised entropy ≈ 1.
 * @example
 * const train = [{ campaign: 'men', item: 0, position: 0, click: 1 }, { campaign: 'men', item: 1, position: 0, click: 0 }];
 * uniformBaseline(train).predict({ campaign: 'men', item: 5, position: 2 }); // 0.5
 */
export function uniformBaseline(train: readonly Pick<CtrExample, 'click'>[]): SlotPredictor {
  const ctr = clickRate(train);
  return { name: 'uniform', predict: () => ctr };
}

/** Counts per campaign × item × position and the Beta prior each slot is shrunk towards. */
export interface MostClickedBaseline extends SlotPredictor {
  /** Pseudo-impressions of the prior (its strength). */
  priorStrength: number;
  /** The item with the highest smoothed CTR at each position of `campaign` (the "most clicked" policy). */
  topItem(campaign: string, position: number): number | undefined;
}

/**
 * The most-clicked baseline: the empirical CTR of each item at each position, smoothed by a
 * Beta prior centred on that campaign × position's CTR with `priorStrength` pseudo-impressions
 * (an unseen item gets the position's CTR): (clicks + m·p₀) / (shows + m).
 * @example
 * const e = (item, click) => ({ campaign: 'men', item, position: 0, click });
 * const b = mostClickedBaseline([e(0, 1), e(0, 0), e(1, 0), e(1, 0)], 2);
 * b.predict({ campaign: 'men', item: 0, position: 0 }); // 0.375 = (1 + 2·0.25) / (2 + 2)
 */
export function mostClickedBaseline(
  train: readonly Pick<CtrExample, 'campaign' | 'item' | 'position' | 'click'>[],
  priorStrength: number,
): MostClickedBaseline {
  const slot = new Map<string, { shows: number; clicks: number }>();
  const position = new Map<string, { shows: number; clicks: number }>();
  const add = (map: typeof slot, key: string, click: number) => {
    const c = map.get(key) ?? { shows: 0, clicks: 0 };
    c.shows++;
    c.clicks += click;
    map.set(key, c);
  };
  for (const e of train) {
    add(slot, `${e.campaign}:${e.item}:${e.position}`, e.click);
    add(position, `${e.campaign}:${e.position}`, e.click);
  }
  const overall = clickRate(train);
  const prior = (campaign: string, pos: number) => {
    const c = position.get(`${campaign}:${pos}`);
    return c ? c.clicks / c.shows : overall;
  };
  const predict = ({ campaign, item, position: pos }: Pick<CtrExample, 'campaign' | 'item' | 'position'>) => {
    const c = slot.get(`${campaign}:${item}:${pos}`) ?? { shows: 0, clicks: 0 };
    return (c.clicks + priorStrength * prior(campaign, pos)) / (c.shows + priorStrength);
  };
  const topItem = (campaign: string, pos: number): number | undefined => {
    let best: { item: number; p: number } | undefined;
    for (const key of slot.keys()) {
      const [c, item, p] = key.split(':');
      if (c !== campaign || Number(p) !== pos) continue;
      const rate = predict({ campaign: c as CtrExample['campaign'], item: Number(item), position: pos });
      if (!best || rate > best.p || (rate === best.p && Number(item) < best.item))
        best = { item: Number(item), p: rate };
    }
    return best?.item;
  };
  return { name: 'most_clicked', priorStrength, predict, topItem };
}
