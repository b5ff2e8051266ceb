import test from "ava";
import jpeg from "jpeg-js";
import { crc32, inflateSync } from "node:zlib";
import { ImageFormat } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { encodeImage } from "../agent/backend/images/encode-image.js";
import { fitWithin } from "../agent/backend/images/fit-within.js";
import { encodePng } from "../agent/backend/images/png.js";
import { drawSimulatedScreen } from "../agent/backend/images/simulated-screen.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngChunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into its chunks, checking every CRC. */
function pngChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  for (let offset = PNG_SIGNATURE.length; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(typeAndData)) throw new Error("bad chunk CRC");
    chunks.push({ type: typeAndData.subarray(0, 4).toString("ascii"), data: typeAndData.subarray(4) });
    offset += 12 + length;
  }
  return chunks;
}

test("fits within the maximum, keeps the aspect ratio and never exceeds the display", (t) => {
  const display = { width: 1920, height: 1080 };
  t.deepEqual(fitWithin(display, 160, 100), { width: 160, height: 90 });
  t.deepEqual(fitWithin(display, 4000, 4000), display);
  t.deepEqual(fitWithin(display, 0, 0), display, "0 means no maximum");
  t.deepEqual(fitWithin(display, 0, 540), { width: 960, height: 540 });
  t.deepEqual(fitWithin(display, 1, 1), { width: 1, height: 1 });
});

test("the PNG has a valid signature, IHDR and IDAT that inflates to the pixels", (t) => {
  const image = drawSimulatedScreen({ width: 33, height: 17 }, "session-1");
  const png = encodePng(image);
  t.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  const chunks = pngChunks(png);
  t.deepEqual(
    chunks.map((chunk) => chunk.type),
    ["IHDR", "IDAT", "IEND"],
  );
  const header = chunks[0]!.data;
  t.is(header.readUInt32BE(0), 33);
  t.is(header.readUInt32BE(4), 17);
  t.deepEqual([...header.subarray(8)], [8, 6, 0, 0, 0]);
  const scanlines = inflateSync(chunks[1]!.data);
  t.is(scanlines.length, 17 * (33 * 4 + 1));
  const lastRow = scanlines.subarray(16 * (33 * 4 + 1));
  t.is(lastRow[0], 0, "filter type none");
  t.deepEqual(lastRow.subarray(1), image.data.subarray(16 * 33 * 4));
});

test("the JPEG starts with FFD8 and decodes to the requested size", (t) => {
  const data = encodeImage(drawSimulatedScreen({ width: 160, height: 90 }, "session-1"), ImageFormat.IMAGE_FORMAT_JPEG);
  t.deepEqual([...data.subarray(0, 2)], [0xff, 0xd8]);
  const decoded = jpeg.decode(data);
  t.is(decoded.width, 160);
  t.is(decoded.height, 90);
});

test("the simulated screen is not blank and differs between sessions", (t) => {
  const size = { width: 64, height: 40 };
  const first = drawSimulatedScreen(size, "session-1");
  t.true(new Set(first.data).size > 16);
  t.deepEqual(drawSimulatedScreen(size, "session-1").data, first.data);
  t.notDeepEqual(drawSimulatedScreen(size, "session-2").data, first.data);
});
