// The photos the SIMULATED pilot's users send: the real sample portraits (cut from the photos that
// ship inside the face-detection npm package, read from node_modules), the same portraits spoilt
// the way phones spoil them (too dark, burnt out, too far, blurred), a picture with no face and
// bytes that are no image; and, for the simulated camera/app change, slightly blurred portraits.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { PhotoAnalysis } from '../contracts.ts';
import { DEGRADATIONS } from '../photo/degrade.ts';
import { samplePortraits } from '../photo/samples.ts';

export interface SimulationPhoto {
  name: string;
  bytes: Buffer;
}

export interface PhotoPool {
  /** Sample portraits as taken. */
  good: SimulationPhoto[];
  /** Photos a careful reviewer would refuse (the degradations' 'reject' strengths), and non-photos. */
  bad: SimulationPhoto[];
  /** What a camera/app change produces: the portraits with a 'reject'-strength blur. */
  blurred: SimulationPhoto[];
}

const strongest = (name: string) => {
  const degradation = DEGRADATIONS.find((d) => d.name === name)!;
  const reject = degradation.levels.filter((l) => l.expect === 'reject');
  return { degradation, mild: reject[0]!.strength, strong: reject.at(-1)!.strength };
};

/**
 * The pool: every sample portrait, `badPerKind` portraits per degradation at its strongest
 * 'reject' strength, a noise picture without a face, bytes that are not an image, and
 * `blurredCount` portraits blurred as after a camera change (every distinct photo costs one analysis).
 * @example
 * const pool = await simulationPhotos(2, 8);
 * pool.bad.some((p) => p.name === 'not-an-image'); // true
 */
export async function simulationPhotos(badPerKind = 2, blurredCount = Infinity): Promise<PhotoPool> {
  const portraits = await samplePortraits();
  if (portraits.length === 0)
    throw new Error(
      'no sample portraits: the face-detection package (@vladmandic/face-api) is not installed',
    );
  const good = portraits.map((p) => ({ name: p.name, bytes: p.jpeg }));
  const bad: SimulationPhoto[] = [];
  for (const kind of ['dark', 'overexposed', 'distance', 'blur']) {
    const { degradation, strong } = strongest(kind);
    for (const p of portraits.slice(0, badPerKind))
      bad.push({
        name: `${p.name}-${kind}-${strong}`,
        bytes: await degradation.apply(p.jpeg, strong, p.faceWidth),
      });
  }
  const noise = await sharp({
    create: {
      width: 640,
      height: 640,
      channels: 3,
      background: '#b08870',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  bad.push(
    { name: 'no-face-noise', bytes: noise },
    { name: 'not-an-image', bytes: Buffer.from('this is a text file, not a photo') },
  );
  const { degradation: blur, mild } = strongest('blur');
  const blurred: SimulationPhoto[] = [];
  for (const p of portraits.slice(0, blurredCount))
    blurred.push({ name: `${p.name}-blur-${mild}`, bytes: await blur.apply(p.jpeg, mild, p.faceWidth) });
  return { good, bad, blurred };
}

/**
 * The real analysis, run once per distinct photo: the same bytes uploaded again (users of the
 * simulation share a small pool) get the first result, so the simulation stays within minutes.
 */
export function analyseOncePerPhoto(analyse: (photo: Buffer) => Promise<PhotoAnalysis>) {
  const results = new Map<string, Promise<PhotoAnalysis>>();
  let analysed = 0;
  const cached = (photo: Buffer): Promise<PhotoAnalysis> => {
    const key = createHash('sha1').update(photo).digest('hex');
    let result = results.get(key);
    if (!result) {
      analysed++;
      result = analyse(photo);
      results.set(key, result);
    }
    return result;
  };
  return { analyse: cached, distinct: () => analysed };
}
