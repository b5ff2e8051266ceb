import { crc32, deflateSync } from "node:zlib";
import type { RgbaImage } from "./rgba-image.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 8;
const COLOR_TYPE_RGBA = 6;
const FILTER_NONE = 0;

/** A PNG of `image`: 8-bit RGBA, no interlacing, every scanline unfiltered. */
export function encodePng(image: RgbaImage): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.writeUInt8(BIT_DEPTH, 8);
  header.writeUInt8(COLOR_TYPE_RGBA, 9);
  // compression (deflate), filter method (adaptive) and interlace (none) are all 0
  const rowLength = image.width * 4;
  const scanlines = Buffer.alloc((rowLength + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    const start = y * (rowLength + 1);
    scanlines[start] = FILTER_NONE;
    image.data.copy(scanlines, start + 1, y * rowLength, (y + 1) * rowLength);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** length, type, data, then the CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const framed = Buffer.alloc(typeAndData.length + 8);
  framed.writeUInt32BE(data.length, 0);
  typeAndData.copy(framed, 4);
  framed.writeUInt32BE(crc32(typeAndData), framed.length - 4);
  return framed;
}
