/** The four sentiment groups of the GoEmotions paper, in the id order of `group/labels.txt`. */
export const GROUPS = ['ambiguous', 'negative', 'neutral', 'positive'] as const;
export type Group = (typeof GROUPS)[number];
export const NEGATIVE = GROUPS.indexOf('negative');

/** The 28 labels of `original/labels.txt`, in id order. */
export const EMOTIONS = [
  'admiration',
  'amusement',
  'anger',
  'annoyance',
  'approval',
  'caring',
  'confusion',
  'curiosity',
  'desire',
  'disappointment',
  'disapproval',
  'disgust',
  'embarrassment',
  'excitement',
  'fear',
  'gratitude',
  'grief',
  'joy',
  'love',
  'nervousness',
  'optimism',
  'pride',
  'realization',
  'relief',
  'remorse',
  'sadness',
  'surprise',
  'neutral',
] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** The paper's grouping of emotions into sentiment groups (Demszky et al., 2020, §3). */
export const EMOTION_GROUP: Record<Emotion, Group> = {
  admiration: 'positive',
  amusement: 'positive',
  approval: 'positive',
  caring: 'positive',
  desire: 'positive',
  excitement: 'positive',
  gratitude: 'positive',
  joy: 'positive',
  love: 'positive',
  optimism: 'positive',
  pride: 'positive',
  relief: 'positive',
  anger: 'negative',
  annoyance: 'negative',
  disappointment: 'negative',
  disapproval: 'negative',
  disgust: 'negative',
  embarrassment: 'negative',
  fear: 'negative',
  grief: 'negative',
  nervousness: 'negative',
  remorse: 'negative',
  sadness: 'negative',
  confusion: 'ambiguous',
  curiosity: 'ambiguous',
  realization: 'ambiguous',
  surprise: 'ambiguous',
  neutral: 'neutral',
};

/** Group ids of a comment labelled with emotion ids (deduplicated, ascending). */
export function emotionsToGroups(emotionIds: readonly number[]): number[] {
  const groups = new Set(emotionIds.map((id) => GROUPS.indexOf(EMOTION_GROUP[EMOTIONS[id]])));
  return [...groups].sort((a, b) => a - b);
}
