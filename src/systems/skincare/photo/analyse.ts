/**
 * The photo analysis, end to end and in memory: decode → faces → quality gate → skin regions →
 * indicators → concern head. Nothing is written anywhere; the pixels are dropped when the call
 * returns, and no face embedding is ever computed.
 */
import type {
  Goal,
  Indicator,
  IndicatorName,
  PhotoAnalysis,
  QualityFailure,
  RegionCrop,
} from '../contracts.ts';
import { decodePhoto, type DecodedPhoto, type DecodeOptions } from './decode.ts';
import { detectFaces, type DetectedFace } from './faces.ts';
import { measureIndicators } from './indicators.ts';
import { checkQuality } from './quality.ts';
import { extractRegions } from './regions.ts';

/** A trained concern classifier over the region features (concern-head.ts: `asPhotoConcernHead`). */
export interface PhotoConcernHead {
  classify(input: { regions: readonly RegionCrop[]; indicators: Record<IndicatorName, Indicator> }): {
    probabilities: Partial<Record<Goal, number>>;
    abstained: boolean;
  };
}

export interface AnalyseOptions extends DecodeOptions {
  /** The concern head; without one, `concerns` is null. */
  head?: PhotoConcernHead;
}

/** What the gate saw: the decoded photo, its one face and its skin regions — or why it refused. */
export type RegionsResult =
  | { accepted: false; failures: QualityFailure[]; measures: Record<string, number> }
  | {
      accepted: true;
      measures: Record<string, number>;
      photo: DecodedPhoto;
      face: DetectedFace;
      regions: RegionCrop[];
    };

const NO_SKIN: QualityFailure = {
  check: 'face_size',
  detail: 'no skin region (forehead, cheeks, chin) large enough to measure',
  retake: 'Face the camera straight on, with your forehead and cheeks uncovered and in the light.',
};

/**
 * Decodes, finds the face, applies the quality gate and cuts out the skin regions — the part of
 * the analysis a trainer needs to compute features from labelled photos.
 * @example
 * (await regionsOf(Buffer.from('GIF89a but not really'))).accepted; // false
 */
export async function regionsOf(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RegionsResult> {
  const decoded = await decodePhoto(bytes, options);
  if (!decoded.ok) return { accepted: false, failures: [decoded.failure], measures: {} };
  const { photo } = decoded;
  const faces = await detectFaces(photo.rgb, photo.width, photo.height);
  const { failures, measures } = checkQuality(photo, faces);
  if (failures.length) return { accepted: false, failures, measures };
  const face = faces[0];
  const regions = extractRegions(photo, face.mesh);
  measures.regions = regions.length;
  if (regions.length === 0) return { accepted: false, failures: [NO_SKIN], measures };
  return { accepted: true, measures, photo, face, regions };
}

/**
 * Analyses an uploaded photo: a quality verdict with retake advice, or the skin indicators (each
 * with a confidence) and, when a concern head is given, the concern probabilities.
 * @example
 * const result = await analysePhoto(Buffer.from('not an image'));
 * result.accepted ? 'analysed' : result.failures[0].check; // 'decodable'
 */
export async function analysePhoto(bytes: Uint8Array, options: AnalyseOptions = {}): Promise<PhotoAnalysis> {
  const seen = await regionsOf(bytes, options);
  if (!seen.accepted) return { accepted: false, failures: seen.failures, measures: seen.measures };
  const indicators = measureIndicators(seen.regions);
  const answer = options.head?.classify({ regions: seen.regions, indicators });
  const concerns = answer ? { probabilities: answer.probabilities, abstained: answer.abstained } : null;
  return { accepted: true, measures: seen.measures, indicators, concerns };
}
