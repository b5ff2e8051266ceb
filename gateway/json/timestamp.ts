import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** ISO-8601 UTC with milliseconds, e.g. 2020-10-06T10:15:31.633Z; undefined stays undefined. */
export function isoTime(timestamp: Timestamp | undefined): string | undefined {
  return timestamp === undefined ? undefined : timestampDate(timestamp).toISOString();
}
