import test from "ava";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { locateSpec, VENDORED_SPEC } from "./support/openapi.js";

/** sha256 of the official definition, as recorded in test/reference/README.md. */
const OFFICIAL_SHA256 = "06770367a5ed7b60ab7365023815cea3091750947a6a618b0d50c11646bea35d";

test("the repository's copy of the official API definition is the published one, byte for byte", (t) => {
  const vendored = readFileSync(VENDORED_SPEC);
  t.is(createHash("sha256").update(vendored).digest("hex"), OFFICIAL_SHA256);
  t.true(readFileSync(locateSpec()).equals(vendored), `${locateSpec()} differs from ${VENDORED_SPEC}`);
});
