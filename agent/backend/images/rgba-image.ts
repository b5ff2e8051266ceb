import type { Size } from "./fit-within.js";

/** Pixels row by row, top first, 4 bytes each: red, green, blue, alpha. */
export interface RgbaImage extends Size {
  data: Buffer;
}
