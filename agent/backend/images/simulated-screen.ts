import { createHash } from "node:crypto";
import type { Size } from "./fit-within.js";
import type { RgbaImage } from "./rgba-image.js";

/** The band across the middle: one stripe per digest byte triple, so each session id looks different. */
const BAND_TOP = 0.4;
const BAND_BOTTOM = 0.6;
const BAND_STRIPES = 10;

/**
 * What a simulated session's display shows, drawn at `size`: a diagonal colour gradient with a band
 * of stripes whose colours come from the session id. Deterministic, so tests can compare images.
 */
export function drawSimulatedScreen(size: Size, sessionId: string): RgbaImage {
  const digest = createHash("sha256").update(sessionId).digest();
  const { width, height } = size;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const inBand = y >= height * BAND_TOP && y < height * BAND_BOTTOM;
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4;
      if (inBand) {
        const stripe = Math.floor((x * BAND_STRIPES) / width) * 3;
        digest.copy(data, offset, stripe, stripe + 3);
      } else {
        data[offset] = Math.floor((255 * x) / width);
        data[offset + 1] = Math.floor((255 * y) / height);
        data[offset + 2] = 160;
      }
      data[offset + 3] = 255;
    }
  }
  return { width, height, data };
}
