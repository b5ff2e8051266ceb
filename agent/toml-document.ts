import { parse as parseToml } from "smol-toml";

/** Parses a TOML text into its top-level table. */
export function parseTomlDocument(text: string): Record<string, unknown> {
  return parseToml(text) as Record<string, unknown>;
}

/** Every leaf of a TOML document under its dotted key (`[agent] port = 1` → `agent.port`); arrays are leaves. */
export function* flattenToml(document: Record<string, unknown>, prefix = ""): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(document)) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)) {
      yield* flattenToml(value as Record<string, unknown>, `${prefix}${key}.`);
    } else {
      yield [`${prefix}${key}`, value];
    }
  }
}
