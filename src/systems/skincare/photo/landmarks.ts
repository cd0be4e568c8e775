/**
 * Landmark indices of the 468-point MediaPipe FaceMesh topology that the regions are drawn with.
 *
 * Named contours come from TensorFlow.js's face-landmarks-detection model, MESH_ANNOTATIONS in
 * https://github.com/tensorflow/tfjs-models/blob/master/face-landmarks-detection/src/mediapipe-facemesh/keypoints.ts
 * (the same table human ships); the skin polygons are our choice of vertices of that topology
 * (see the canonical UV map, mediapipe/modules/face_geometry/data/canonical_face_model_uv_visualization.png),
 * checked by drawing them over the sample portraits. "Right" is the subject's right (the left of a
 * selfie), as in MediaPipe. Each right-side list mirrors the left-side one index by index.
 */

/** Face oval, clockwise from the top of the forehead (MESH_ANNOTATIONS.silhouette). */
export const SILHOUETTE = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

const RIGHT_EYEBROW_UPPER = [156, 70, 63, 105, 66, 107, 55, 193];
const RIGHT_EYEBROW_LOWER = [35, 124, 46, 53, 52, 65];
const LEFT_EYEBROW_UPPER = [383, 300, 293, 334, 296, 336, 285, 417];
const LEFT_EYEBROW_LOWER = [265, 353, 276, 283, 282, 295];
/** Outer eye rings (Upper2/Lower2): the eye with its lids and lashes. */
const RIGHT_EYE_UPPER2 = [113, 225, 224, 223, 222, 221, 189];
const RIGHT_EYE_LOWER2 = [226, 31, 228, 229, 230, 231, 232, 233, 244];
const LEFT_EYE_UPPER2 = [342, 445, 444, 443, 442, 441, 413];
const LEFT_EYE_LOWER2 = [446, 261, 448, 449, 450, 451, 452, 453, 464];
const LIPS_UPPER_OUTER = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291];
const LIPS_LOWER_OUTER = [146, 91, 181, 84, 17, 314, 405, 321, 375, 291];

const closedRing = (upper: number[], lower: number[]): number[] => [...upper, ...[...lower].reverse()];

/** Areas that are not skin, cut out of every region. */
export const MASKED_FEATURES = {
  right_eyebrow: closedRing(RIGHT_EYEBROW_UPPER, RIGHT_EYEBROW_LOWER),
  left_eyebrow: closedRing(LEFT_EYEBROW_UPPER, LEFT_EYEBROW_LOWER),
  right_eye: closedRing(RIGHT_EYE_UPPER2, RIGHT_EYE_LOWER2),
  left_eye: closedRing(LEFT_EYE_UPPER2, LEFT_EYE_LOWER2),
  lips: closedRing(LIPS_UPPER_OUTER.slice(0, -1), LIPS_LOWER_OUTER),
} as const;

/**
 * The skin polygons. The forehead's upper edge is the mesh's second row (151, 108/337, 69/299,
 * 104/333), not the silhouette's top (10, 109/338, …), which sits on or in the hairline; its lower
 * edge is the brows' upper contour, and the brows are cut out as well. The cheeks run from below the
 * lower lid ring (rightEyeLower3) along the side of the nose and the nasolabial fold to the jaw's
 * cheek side, so the nose and the mouth stay outside; the chin runs from below the lower lip to the
 * row above the jaw line (175, 171/396), so the neck stays outside.
 */
export const REGION_POLYGONS = {
  forehead: [104, 69, 108, 151, 337, 299, 333, 293, 334, 296, 336, 9, 107, 66, 105, 63],
  right_cheek: [116, 117, 118, 119, 120, 100, 142, 203, 206, 216, 207, 187, 147, 123],
  left_cheek: [345, 346, 347, 348, 349, 329, 371, 423, 426, 436, 427, 411, 376, 352],
  chin: [182, 83, 18, 313, 406, 418, 262, 369, 396, 175, 171, 140, 32, 194],
} as const;
