import type { RemoteFile } from '../../../platform/data/download.ts';
import { AVAZU_FILE, parseAvazu } from './avazu.ts';
import { CRITEO_FILE, parseCriteo } from './criteo.ts';
import { OBD_DIR, parseItemContext, parseObdEvents } from './obd.ts';
import { BEHAVIORS, CAMPAIGNS, type Campaign } from './obd-types.ts';

// Pinned snapshots, so every file's bytes are known (../shared/data/ads/SOURCES.md).
const OBP = 'https://raw.githubusercontent.com/st-tech/zr-obp/8cbd5fa4558b7ad2ba4781546d6604e4cc3e07c4/obd';
const CRITEO =
  'https://raw.githubusercontent.com/ycjuan/kaggle-2014-criteo/eb39c37f6a36668fdcaf90cef4be280011e5cf35';
const AVAZU =
  'https://raw.githubusercontent.com/ycjuan/kaggle-avazu/f5d652c8fb1cfcc3af0f34dfcaa337e601672c7f';

/** Sizes in bytes from SOURCES.md; a pinned commit's file never changes size. */
const LOG_BYTES: Record<string, number> = {
  'random/men': 3_336_811,
  'random/women': 3_817_771,
  'bts/men': 3_240_432,
  'bts/women': 3_722_697,
};
const ITEM_BYTES: Record<Campaign | 'all', number> = { men: 4_287, women: 5_792, all: 10_041 };
const ITEMS: Record<Campaign | 'all', number> = { men: 34, women: 46, all: 80 };

const sized =
  (expected: number, check: (text: string, url: string) => void) => (bytes: Buffer, url: string) => {
    if (bytes.length !== expected) throw new Error(`${url}: ${bytes.length} bytes, expected ${expected}`);
    check(bytes.toString('utf8'), url);
  };

const obdFiles = BEHAVIORS.flatMap((behavior): RemoteFile[] => [
  ...CAMPAIGNS.map((campaign) => ({
    url: `${OBP}/${behavior}/${campaign}/${campaign}.csv`,
    path: `${OBD_DIR}/${behavior}/${campaign}/${campaign}.csv`,
    validate: sized(LOG_BYTES[`${behavior}/${campaign}`], (text, url) => {
      parseObdEvents(text, url, ITEMS[campaign]);
    }),
  })),
  ...(['men', 'women', 'all'] as const).map((campaign) => ({
    url: `${OBP}/${behavior}/${campaign}/item_context.csv`,
    path: `${OBD_DIR}/${behavior}/${campaign}/item_context.csv`,
    validate: sized(ITEM_BYTES[campaign], (text, url) => {
      const items = parseItemContext(text, url).length;
      if (items !== ITEMS[campaign]) throw new Error(`${url}: ${items} items, expected ${ITEMS[campaign]}`);
    }),
  })),
]);

/**
 * The public files of the ads data folder, laid out like `../shared/data/ads` (the OBD sample,
 * Criteo's and Avazu's tiny samples), each checked for size and contract before it is written.
 */
export const ADS_FILES: RemoteFile[] = [
  ...obdFiles,
  {
    url: `${CRITEO}/train.tiny.csv`,
    path: CRITEO_FILE,
    validate: sized(502_818, (text, url) => void parseCriteo(text, url)),
  },
  {
    url: `${AVAZU}/tr.rx.csv`,
    path: AVAZU_FILE,
    // The upstream file holds 6 copies of each row: lenient, so the download keeps it byte-exact.
    validate: sized(467_324, (text, url) => void parseAvazu(text, url, { lenient: true })),
  },
];
