import test, { type ExecutionContext } from "ava";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLogger } from "../common/logger.js";
import { readTagsFolder, TagsSource } from "../agent/tags-folder.js";

function tagsFolder(t: ExecutionContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "agent-tags-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A TagsSource whose warnings are collected as log lines. */
function sourceWithWarnings(folder: string): { source: TagsSource; warnings: { file: string }[] } {
  const warnings: { file: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(JSON.parse(chunk.toString()) as { file: string });
      done();
    },
  });
  // pino writes synchronously to a plain stream's write(), so warnings are visible at once
  return { source: new TagsSource(folder, createLogger({ name: "test", level: "warn", destination })), warnings };
}

test("files are read alphabetically, a later file wins, and tags are sorted by key", (t) => {
  const folder = tagsFolder(t, {
    "b.toml": 'zone="b"\nram="16gb"\n',
    "a.toml": 'zone="a"\ngpu="none"\n',
    "c.toml": "cores = 8\nspot = true\n",
    "notes.txt": 'zone="ignored"\n',
  });
  t.deepEqual(readTagsFolder(folder), {
    tags: [
      { key: "cores", value: "8" },
      { key: "gpu", value: "none" },
      { key: "ram", value: "16gb" },
      { key: "spot", value: "true" },
      { key: "zone", value: "b" },
    ],
    problems: [],
  });
});

test("a malformed file is skipped whole; the others still count", (t) => {
  const folder = tagsFolder(t, { "a.toml": 'zone="a"\n', "b.toml": 'zone="b"\nbroken = \n' });
  const { tags, problems } = readTagsFolder(folder);
  t.deepEqual(tags, [{ key: "zone", value: "a" }]);
  t.deepEqual(
    problems.map((problem) => problem.file),
    [join(folder, "b.toml")],
  );
});

test("a missing folder is a problem, not a failure", (t) => {
  const folder = join(tagsFolder(t, {}), "missing");
  const { tags, problems } = readTagsFolder(folder);
  t.deepEqual(tags, []);
  t.is(problems[0]?.file, folder);
});

test("changes are picked up at the next read; a bad file is logged once per change", (t) => {
  const folder = tagsFolder(t, { "a.toml": 'zone="a"\n' });
  const { source, warnings } = sourceWithWarnings(folder);
  t.deepEqual(source.read(), [{ key: "zone", value: "a" }]);

  writeFileSync(join(folder, "b.toml"), "zone = \n");
  source.read();
  t.deepEqual(source.read(), [{ key: "zone", value: "a" }]);
  t.is(warnings.length, 1);
  t.is(warnings[0]?.file, join(folder, "b.toml"));

  writeFileSync(join(folder, "b.toml"), "zone = = \n");
  source.read();
  t.is(warnings.length, 2, "an edited, still malformed file is logged again");

  writeFileSync(join(folder, "b.toml"), 'zone="b"\n');
  t.deepEqual(source.read(), [{ key: "zone", value: "b" }]);
  t.is(warnings.length, 2);
});

test("an empty tags folder setting means no tags", (t) => {
  t.deepEqual(sourceWithWarnings("").source.read(), []);
});

test("a directory named like a tags file is skipped", (t) => {
  const folder = tagsFolder(t, { "a.toml": 'zone="a"\n' });
  mkdirSync(join(folder, "b.toml"));
  const { tags, problems } = readTagsFolder(folder);
  t.deepEqual(tags, [{ key: "zone", value: "a" }]);
  t.is(problems.length, 1);
});
