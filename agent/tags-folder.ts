import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../common/logger.js";
import type { Tag } from "../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import { flattenToml, parseTomlDocument } from "./toml-document.js";

/** A tags file (or the folder) that could not be read; `fingerprint` changes when the file does. */
export interface TagFileProblem {
  file: string;
  message: string;
  fingerprint: string;
}

export interface TagsReading {
  /** Sorted by key. */
  tags: Tag[];
  problems: TagFileProblem[];
}

/**
 * Every `*.toml` file in `folder`, in alphabetical order, lines `key="value"`; a later file wins on
 * equal keys. Files that do not parse are skipped whole and reported as problems.
 */
export function readTagsFolder(folder: string): TagsReading {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith(".toml")).sort();
  } catch (error) {
    const message = (error as Error).message;
    return { tags: [], problems: [{ file: folder, message, fingerprint: message }] };
  }
  const merged = new Map<string, string>();
  const problems: TagFileProblem[] = [];
  for (const name of names) {
    const file = join(folder, name);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const message = (error as Error).message;
      problems.push({ file, message, fingerprint: message });
      continue;
    }
    try {
      for (const [key, value] of flattenToml(parseTomlDocument(text))) merged.set(key, tagValue(value));
    } catch (error) {
      problems.push({ file, message: (error as Error).message, fingerprint: createHash("sha256").update(text).digest("hex") });
    }
  }
  const tags = [...merged].map(([key, value]) => ({ key, value })).sort((a, b) => (a.key < b.key ? -1 : 1));
  return { tags, problems };
}

function tagValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * The host's tags, read again at every call so edits apply without a restart. Each unreadable file
 * is logged once per change, not at every status report.
 */
export class TagsSource {
  private loggedProblems = new Map<string, string>();

  /** `folder` "" means the host has no tags. */
  constructor(
    private readonly folder: string,
    private readonly log: Logger,
  ) {}

  read(): Tag[] {
    if (this.folder === "") return [];
    const { tags, problems } = readTagsFolder(this.folder);
    const current = new Map(problems.map((problem) => [problem.file, problem.fingerprint]));
    for (const { file, message, fingerprint } of problems) {
      if (this.loggedProblems.get(file) !== fingerprint) this.log.warn({ file, reason: message }, "tags skipped");
    }
    this.loggedProblems = current;
    return tags;
  }
}
