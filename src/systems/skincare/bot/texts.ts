import type { Goal, IndicatorName, RoutineStep, SkinType } from '../contracts.ts';

/** Every sentence the bot says, per language; `createSkincareBot({ texts })` can override any of them. */
export interface BotTexts {
  welcome: string;
  consentButtons: { yes: string; history: string; no: string };
  consentGiven: (keepHistory: boolean) => string;
  consentDeclined: string;
  consentFirst: string;
  skipPhotoButton: string;
  analysing: string;
  notAnImage: (mimeType: string) => string;
  tooLarge: (megabytes: number) => string;
  downloadFailed: string;
  rejectedHeader: string;
  rejectedFooter: string;
  acceptedHeader: string;
  indicatorNames: Record<IndicatorName, string>;
  /** Level words for 0..1 values: below 1/3, below 2/3, above. */
  levels: [string, string, string];
  confidence: string;
  suggestedGoals: (goals: string) => string;
  questions: {
    skinType: string;
    sensitive: string;
    goals: string;
    pregnant: string;
    symptoms: string;
    budget: string;
  };
  skinTypes: Record<SkinType, string>;
  goals: Record<Goal, string>;
  yes: string;
  no: string;
  skip: string;
  done: string;
  noSymptoms: string;
  noBudgetLimit: string;
  upTo: (usd: number) => string;
  goalsNeedOne: string;
  answered: (question: string, answer: string) => string;
  staleButton: string;
  noSession: string;
  working: string;
  routineHeader: string;
  morning: string;
  evening: string;
  steps: Record<RoutineStep, string>;
  priceUnknown: string;
  emptyRoutine: string;
  redFlagHeader: string;
  askScore: string;
  thanks: (score: number) => string;
  privacy: string;
  deleteConfirm: string;
  deleteButtons: { yes: string; no: string };
  deleted: (counts: string) => string;
  deletedNothing: string;
  deleteCancelled: string;
  historyOff: string;
  historyHeader: (count: number, first: string, last: string) => string;
  historyLine: (indicator: string, first: number, last: number, change: number) => string;
  historyOne: string;
  help: string;
  sendPhotoOrStart: string;
  sendPhoto: string;
  useButtons: string;
  error: string;
}

const DISCLAIMER =
  'This is not medical advice. A photo cannot show hormonal or medical problems; for a skin ' +
  'condition that worries you, see a dermatologist or a doctor.';

const SEND_PHOTO_EN =
  'Now send a photo of your face: in daylight, facing the camera, no filter, no make-up if you can, ' +
  'the face filling most of the picture.';

export const TEXTS_EN: BotTexts = {
  welcome:
    'Hi! I suggest a simple morning and evening skincare routine from a product catalog, based on a ' +
    'photo of your face and a few questions.\n\n' +
    `⚠️ ${DISCLAIMER}\n\n` +
    '🔒 Privacy: your photo is processed in memory and never stored; no face embeddings are made. ' +
    'I store your answers, the routine, your rating and the skin indicators measured on the photo ' +
    '(numbers such as redness 0.4) under your Telegram chat id — the indicators as a history only if ' +
    'you choose so. /privacy tells more, /delete erases everything.\n\n' +
    'Do you agree that I process your photo for this purpose?',
  consentButtons: {
    yes: '✅ I agree',
    history: '✅ I agree, and keep my history',
    no: '❌ No',
  },
  consentGiven: (keepHistory) =>
    (keepHistory
      ? 'Thank you. Your analyses will be kept as a history (/history shows how your skin changes).\n\n'
      : 'Thank you.\n\n') + SEND_PHOTO_EN,
  consentDeclined:
    'Understood: nothing is processed and nothing about your photo is stored. Send /start if you change your mind.',
  consentFirst: 'Please consent first: send /start and press "I agree". Your photo was not downloaded.',
  skipPhotoButton: 'Skip the photo, just answer the questions',
  analysing: 'Analysing your photo…',
  notAnImage: (mimeType) =>
    `This file (${mimeType}) is not an image. Please send a photo of your face (JPEG or PNG).`,
  tooLarge: (megabytes) => `This file is too large (over ${megabytes} MB). Please send a smaller photo.`,
  downloadFailed: 'I could not download this photo from Telegram. Please send it again.',
  rejectedHeader: 'I cannot use this photo:',
  rejectedFooter: 'Please send another photo.',
  acceptedHeader: 'Photo accepted. What I measured on your skin (measurements, not a diagnosis):',
  indicatorNames: { shine: 'Shine', redness: 'Redness', uneven_tone: 'Uneven tone', texture: 'Texture' },
  levels: ['low', 'moderate', 'high'],
  confidence: 'confidence',
  suggestedGoals: (goals) => `The photo suggests these goals: ${goals}.`,
  questions: {
    skinType: 'What is your skin type?',
    sensitive: 'Is your skin sensitive (stings, reddens or itches easily)?',
    goals: 'What are your goals? Choose one or more, then press Done.',
    pregnant: 'Are you pregnant or breastfeeding? (Some ingredients are better avoided.)',
    symptoms:
      'Anything that worries you — a mole that bleeds or changes, a sudden severe rash, pain, signs ' +
      'of infection? Describe it in a message, or press "None".',
    budget: 'Your budget per product?',
  },
  skinTypes: { dry: 'Dry', oily: 'Oily', combination: 'Combination', normal: 'Normal' },
  goals: {
    acne: 'Acne',
    oiliness: 'Oiliness',
    dryness: 'Dryness',
    redness: 'Redness',
    pigmentation: 'Pigmentation',
    fine_lines: 'Fine lines',
  },
  yes: 'Yes',
  no: 'No',
  skip: 'Skip',
  done: 'Done',
  noSymptoms: 'None',
  noBudgetLimit: 'No limit',
  upTo: (usd) => `Up to $${usd}`,
  goalsNeedOne: 'Choose at least one goal first.',
  answered: (question, answer) => `${question}\n→ ${answer}`,
  staleButton: 'This question was already answered.',
  noSession: 'This conversation has expired. Send /start to begin again.',
  working: 'Choosing products for you…',
  routineHeader: 'Your routine:',
  morning: '☀️ Morning',
  evening: '🌙 Evening',
  steps: { cleanser: 'Cleanser', treatment: 'Treatment', moisturiser: 'Moisturiser', sunscreen: 'Sunscreen' },
  priceUnknown: 'price unknown',
  emptyRoutine: 'No product in the catalog fits all your answers; try a larger budget.',
  redFlagHeader: '🩺 Please see a doctor first — I will not suggest products for this:',
  askScore: 'How useful was this? Rate it from 1 (not at all) to 10 (very).',
  thanks: (score) => `Thank you for your rating (${score}/10)! Send /start to analyse a new photo.`,
  privacy:
    '🔒 What I store, and why\n' +
    '• Your photo: never. It is processed in memory and dropped; no face embeddings are made.\n' +
    '• Skin indicators measured on it (shine, redness, uneven tone, texture — numbers only): to make ' +
    'your routine; kept as a history only if you chose "keep my history", to show how your skin changes.\n' +
    '• Your consent, questionnaire answers, the routine and your rating: to give the routine and to ' +
    'measure the pilot (how many people use it, how satisfied they are).\n' +
    '• All of it under your Telegram chat id, nothing else about your account.\n' +
    "• An unfinished conversation is held in the bot's memory for up to a day, then forgotten.\n\n" +
    'Delete everything: /delete.',
  deleteConfirm: 'Delete everything stored about you (answers, routines, ratings, history)?',
  deleteButtons: { yes: 'Yes, delete everything', no: 'Cancel' },
  deleted: (counts) => `Deleted: ${counts}. Nothing about you is stored any more.`,
  deletedNothing: 'Nothing was stored about you; nothing to delete.',
  deleteCancelled: 'Nothing was deleted.',
  historyOff:
    'No history is kept for you. To keep one, send /start and choose "I agree, and keep my history"; ' +
    'each accepted photo then adds a point.',
  historyHeader: (count, first, last) =>
    `Your history: ${count} ${count === 1 ? 'analysis' : 'analyses'}, ${first} → ${last}.`,
  historyLine: (indicator, first, last, change) =>
    `${indicator}: ${first.toFixed(2)} → ${last.toFixed(2)} (${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(2)})`,
  historyOne: 'One analysis so far; send another photo later to see how your skin changes.',
  help:
    '/start — begin: consent, a photo, a few questions, your routine\n' +
    '/privacy — what I store and why\n' +
    '/history — how your skin indicators moved (if you keep a history)\n' +
    '/delete — erase everything about you\n' +
    '/help — this list',
  sendPhotoOrStart: 'Send /start to begin, or /help for what I can do.',
  sendPhoto: SEND_PHOTO_EN,
  useButtons: 'Please answer with the buttons above.',
  error: 'Something went wrong on my side. Please try again in a moment.',
};
