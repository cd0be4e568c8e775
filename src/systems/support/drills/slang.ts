import type { Example } from '../data/goemotions.ts';

/**
 * The design doc's risk "users write in new slang the model has not seen". For drills we invent
 * slang: common negative words are replaced by made-up words no training comment contains, so the
 * champion cannot know them and only retraining on labeled new comments can teach them.
 */
export const INVENTED_SLANG: Record<string, string> = {
  sad: 'glumbo',
  sorry: 'sozzled',
  hate: 'skronk',
  hated: 'skronked',
  angry: 'fumbly',
  upset: 'wonkered',
  depressed: 'dreeped',
  depression: 'dreepness',
  awful: 'grotty',
  terrible: 'blarfy',
  disappointed: 'letdowned',
  disappointing: 'letdowny',
  scared: 'spooged',
  afraid: 'quivvy',
  annoying: 'naggly',
  annoyed: 'naggled',
  worst: 'bottomest',
  crying: 'blubbing',
  cry: 'blub',
  hurt: 'owchy',
  lonely: 'solod',
  miserable: 'mizzed',
  horrible: 'horrendo',
  disgusting: 'yucksome',
  stupid: 'dimbo',
  sucks: 'blows',
  bad: 'naff',
  unfortunately: 'unluckwise',
  mad: 'steamo',
  fear: 'frit',
  pain: 'owch',
  lost: 'losted',
  died: 'croaked',
  death: 'croakage',
  ugh: 'bleh',
  wrong: 'skewy',
};

const WORD = /\b[A-Za-z]+\b/g;

/** Replaces the mapped words (case-insensitively, keeping a leading capital). */
export function slangify(text: string, slang: Record<string, string> = INVENTED_SLANG): string {
  return text.replace(WORD, (word) => {
    const replacement = slang[word.toLowerCase()];
    if (!replacement) return word;
    return word[0] === word[0]!.toUpperCase()
      ? replacement[0]!.toUpperCase() + replacement.slice(1)
      : replacement;
  });
}

/** The comments a slang wave changes (those containing a mapped word), rewritten. */
export function slangWave(
  examples: readonly Example[],
  slang: Record<string, string> = INVENTED_SLANG,
): Example[] {
  return examples
    .map((e) => ({ ...e, text: slangify(e.text, slang) }))
    .filter((e, i) => e.text !== examples[i]!.text);
}
