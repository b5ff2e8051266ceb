import {
  type GetSessionScreenshotRequestData,
  type GetSessionScreenshotsResponse,
  ImageFormat,
  type SessionScreenshot,
  type SessionScreenshotImage,
} from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { compact, enumName } from "./compact.js";
import { isoTime } from "./timestamp.js";

export function screenshotImageJson(image: SessionScreenshotImage) {
  return compact({
    Format: enumName(ImageFormat, image.format)?.toLowerCase(),
    Data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString("base64"),
    CreationTime: isoTime(image.creationTime),
    Primary: image.primary,
  });
}

export function sessionScreenshotJson(screenshot: SessionScreenshot) {
  return { SessionId: screenshot.sessionId, Images: screenshot.images.map(screenshotImageJson) };
}

/** A GetSessionScreenshots item echoed back in UnsuccessfulList; SessionId is required, so kept even when empty. */
export function screenshotRequestJson(request: GetSessionScreenshotRequestData) {
  return { SessionId: request.sessionId, ...compact({ MaxWidth: request.maxWidth, MaxHeight: request.maxHeight }) };
}

/** GetSessionScreenshots results without RequestId. */
export function sessionScreenshotsJson(response: GetSessionScreenshotsResponse) {
  return {
    SuccessfulList: response.successfulList.map((success) => ({
      SessionScreenshot: success.sessionScreenshot && sessionScreenshotJson(success.sessionScreenshot),
    })),
    UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
      GetSessionScreenshotRequestData:
        failure.getSessionScreenshotRequestData && screenshotRequestJson(failure.getSessionScreenshotRequestData),
      FailureReason: failure.failureReason,
    })),
  };
}
