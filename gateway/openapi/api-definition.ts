import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the gateway serves its API definition, and the file's name in the source tree. */
export const API_DEFINITION_PATH = "/dcv-session-manager-api.yaml";

const SOURCE_FILE = join("gateway", "openapi", "dcv-session-manager-api.yaml");

/**
 * The YAML is not compiled into dist/: the nearest ancestor of this module
 * holding gateway/openapi/ is the source tree, both from dist/ and from source.
 */
export function locateApiDefinition(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, SOURCE_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`API definition not found: no ${SOURCE_FILE} in ${start} or any parent`);
  }
}

let cached: string | undefined;

/** The definition's text, read once. */
export function apiDefinition(): string {
  cached ??= readFileSync(locateApiDefinition(), "utf8");
  return cached;
}
