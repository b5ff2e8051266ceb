import jpeg from "jpeg-js";
import { FailureCode, ImageFormat } from "../../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { DcvBackendError } from "../dcv-backend.js";
import { encodePng } from "./png.js";
import type { RgbaImage } from "./rgba-image.js";

const JPEG_QUALITY = 85;

/** The image in the screenshot format the broker asked for. */
export function encodeImage(image: RgbaImage, format: ImageFormat): Buffer {
  switch (format) {
    case ImageFormat.IMAGE_FORMAT_PNG:
      return encodePng(image);
    case ImageFormat.IMAGE_FORMAT_JPEG:
      return jpeg.encode(image, JPEG_QUALITY).data;
    default:
      throw new DcvBackendError(FailureCode.FAILURE_CODE_INVALID_ARGUMENT, "Screenshot format must be PNG or JPEG");
  }
}
