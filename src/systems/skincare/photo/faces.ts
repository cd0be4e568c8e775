import { runFaceModels } from './human.ts';

/** A point of the face mesh in image pixels; z is relative depth (same scale as x, smaller = nearer). */
export type MeshPoint = [x: number, y: number, z: number];

/** One face found in an image (coordinates in pixels of the image the detector saw). */
export interface DetectedFace {
  /** [x, y, width, height] of the face box. */
  box: [number, number, number, number];
  /** Detector (BlazeFace) confidence 0..1. */
  score: number;
  /** Face-mesh confidence 0..1 (how sure the mesh model is that its landmarks sit on a face). */
  meshScore: number;
  /** The 468 landmarks of the MediaPipe FaceMesh topology (indices as in regions.ts). */
  mesh: MeshPoint[];
}

/** Landmarks of the MediaPipe FaceMesh topology (without the 10 iris points). */
export const MESH_POINTS = 468;

/**
 * The image on a black square canvas (top-left aligned, so coordinates stay the same). BlazeFace
 * sees a 256 × 256 resize of its input: a wide photo squashed to that lost one of two faces side
 * by side in 2 of 5 test pairs, and letterboxed it found both in all 5 (bench/results/skincare).
 */
function letterbox(rgb: Uint8Array, width: number, height: number): { rgb: Uint8Array; side: number } {
  if (width === height) return { rgb, side: width };
  const side = Math.max(width, height);
  const square = new Uint8Array(side * side * 3);
  for (let y = 0; y < height; y++) square.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * side * 3);
  return { rgb: square, side };
}

/**
 * Finds faces and their 468-point meshes in a row-major RGB image; only the geometry is kept
 * (no embedding is computed or returned). Faces come largest first.
 * @example
 * const blank = new Uint8Array(128 * 128 * 3).fill(128);
 * (await detectFaces(blank, 128, 128)).length; // 0
 */
export async function detectFaces(rgb: Uint8Array, width: number, height: number): Promise<DetectedFace[]> {
  if (rgb.length !== width * height * 3) {
    throw new Error(`rgb has ${rgb.length} bytes, expected ${width} × ${height} × 3 = ${width * height * 3}`);
  }
  const square = letterbox(rgb, width, height);
  const results = await runFaceModels(square.rgb, square.side, square.side);
  return results
    .filter((face) => face.mesh.length >= MESH_POINTS)
    .map((face) => ({
      box: [face.box[0], face.box[1], face.box[2], face.box[3]] as DetectedFace['box'],
      score: face.boxScore,
      meshScore: face.faceScore,
      mesh: face.mesh.slice(0, MESH_POINTS).map(([x, y, z]) => [x, y, z ?? 0] as MeshPoint),
    }))
    .sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
}
