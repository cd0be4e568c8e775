import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { murmur3 } from '../../../ml/text/murmur3.ts';
import { packagePath } from '../../../platform/package-root.ts';

const bankSchema = z.object({
  emotions: z.record(
    z.string(),
    z.object({ cues: z.array(z.string()), phrases: z.array(z.string().min(1)).min(2) }),
  ),
});
export type PhraseBank = z.infer<typeof bankSchema>;

export const PHRASES_PATH = packagePath('config', 'support-phrases.json');

export function loadPhraseBank(path = PHRASES_PATH): PhraseBank {
  const bank = bankSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (!bank.emotions.general) throw new Error(`${path}: the phrase bank needs a "general" entry`);
  return bank;
}

/**
 * The emotion a negative comment shows, from the bank's cue words (the classifier predicts the
 * sentiment group, not the fine emotion): the emotion with the most cue matches, else "general".
 * @example
 * emotionCue(loadPhraseBank(), 'My dog passed away yesterday'); // 'grief'
 */
export function emotionCue(bank: PhraseBank, text: string): string {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `;
  let best = 'general';
  let bestHits = 0;
  for (const [emotion, entry] of Object.entries(bank.emotions)) {
    const hits = entry.cues.filter((cue) => lower.includes(` ${cue} `)).length;
    if (hits > bestHits) {
      best = emotion;
      bestHits = hits;
    }
  }
  return best;
}

/**
 * Picks a phrase for the emotion, deterministically per comment, never the phrase this user got
 * last time. Returns the phrase and its id (`emotion#index`).
 */
export function choosePhrase(
  bank: PhraseBank,
  emotion: string,
  commentId: string,
  lastPhraseId: string | null,
): { id: string; text: string } {
  const entry = bank.emotions[emotion] ?? bank.emotions.general;
  const name = bank.emotions[emotion] ? emotion : 'general';
  let index = murmur3(commentId, 17) % entry.phrases.length;
  if (`${name}#${index}` === lastPhraseId) index = (index + 1) % entry.phrases.length;
  return { id: `${name}#${index}`, text: entry.phrases[index] };
}
