import { describe, expect, it } from 'vitest';
import {
  KNOWLEDGE_BASE,
  findRedFlags,
  phraseOccurs,
} from '../../../../src/systems/skincare/knowledge/index.ts';

const keys = (texts: string[]) => findRedFlags(texts).map((flag) => flag.key);

describe('findRedFlags', () => {
  it.each([
    ['My mole started bleeding last week', 'changing_mole'],
    ['a mole on my back has changed colour and got bigger', 'changing_mole'],
    ['родинка на щеке кровоточит', 'changing_mole'],
    ['Родинка изменилась и растёт', 'changing_mole'],
    ["a sore on my nose that won't heal", 'non_healing_sore'],
    ['ранка на губе не заживает месяц', 'non_healing_sore'],
    ['sudden rash all over my body', 'sudden_severe_rash'],
    ['внезапно появилась сыпь по всему телу', 'sudden_severe_rash'],
    ['the spot is very painful', 'pain'],
    ['кожа болит при касании', 'pain'],
    ['the pimple is full of pus and I have a fever', 'infection'],
    ['redness is spreading and feels warm', 'infection'],
    ['из прыща идёт гной, температура 38', 'infection'],
    ['my lips are swollen after a new cream', 'facial_swelling'],
    ['отёк лица и губ после крема', 'facial_swelling'],
    ['blisters appeared on my cheeks', 'blistering'],
    ['на коже появились пузыри', 'blistering'],
  ])('%s → %s', (text, key) => {
    expect(keys([text])).toContain(key);
  });

  it.each([
    'mild dryness',
    'slightly oily T-zone and some blackheads',
    'лёгкая сухость и шелушение',
    'жирная кожа, расширенные поры',
    'no pain, no fever, just redness on the cheeks',
    'родинка не меняется, просто сухость',
    'I am painting my room; dry skin on hands',
    'при смене температуры кожа шелушится',
    'my father has oily skin',
  ])('%s → no red flag', (text) => {
    expect(keys([text])).toEqual([]);
  });

  it('reads negation per clause: "not painful, but bleeding" still flags the mole', () => {
    expect(keys(['the mole is not painful, but it is bleeding'])).toEqual(['changing_mole']);
    expect(keys(['родинка не болит, но кровоточит'])).toEqual(['changing_mole']);
  });

  it('returns each flag once, in knowledge-base order, across several texts', () => {
    expect(keys(['blisters', 'my mole bleeds', 'bleeding mole'])).toEqual(['changing_mole', 'blistering']);
    expect(keys([])).toEqual([]);
  });

  it('gives every flag English and Russian phrases and a referral', () => {
    for (const flag of KNOWLEDGE_BASE.redFlags) {
      expect(
        flag.phrases.some((phrase) => /[a-z]/.test(phrase)),
        flag.key,
      ).toBe(true);
      expect(
        flag.phrases.some((phrase) => /[а-я]/.test(phrase)),
        flag.key,
      ).toBe(true);
      expect(flag.referral).toMatch(/doctor|emergency/);
      for (const phrase of flag.phrases) expect(phrase, flag.key).toBe(phrase.toLowerCase());
    }
  });
});

describe('phraseOccurs', () => {
  it('matches whole words, "*" endings and " & " parts', () => {
    expect(phraseOccurs('pain', 'painting')).toBe(false);
    expect(phraseOccurs('bleed*', 'bleeding')).toBe(true);
    expect(phraseOccurs('mole* & bleed*', 'bleeding from a mole')).toBe(true);
    expect(phraseOccurs('mole* & bleed*', 'mole only')).toBe(false);
    expect(phraseOccurs('new mole*', 'a new mole appeared')).toBe(true);
  });
});
