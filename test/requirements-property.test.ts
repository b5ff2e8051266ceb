import test from "ava";
import fc from "fast-check";
import { deepStrictEqual } from "node:assert/strict";
import { COMPARISONS, SERVER_PROPERTIES, type Expression, type Literal, type Operand } from "../broker/sessions/requirements/ast.js";
import { parseRequirements, RequirementsSyntaxError } from "../broker/sessions/requirements/parse.js";
import { printRequirements } from "../broker/sessions/requirements/print.js";

const RUNS = 1000;

/** Keys are runs of characters other than whitespace, parentheses, quotes and = < > !, with no ':=' in them. */
const TAG_KEY = /^(?:[^\s()'=<>!:]|:(?!=))+$/u;
const tagKey = fc
  .string({
    unit: fc.oneof(fc.constantFrom("a", "Z", "0", "_", "-", ".", "/", ":", "+", "@"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })),
    minLength: 1,
    maxLength: 12,
  })
  .filter((key) => TAG_KEY.test(key));

const operand: fc.Arbitrary<Operand> = fc.oneof(
  tagKey.map((key) => ({ kind: "tag" as const, key })),
  fc.constantFrom(...SERVER_PROPERTIES).map((property) => ({ kind: "server" as const, property })),
);

const stringLiteral = fc
  .string({ unit: fc.oneof(fc.constantFrom("'", "''", " ", "(", "and", "\n"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 12 })
  .map((value) => ({ kind: "string" as const, value }));
const numberLiteral = fc
  .stringMatching(/^-?\d{1,8}(\.\d{1,6})?([eE][+-]?\d{1,3})?$/)
  .map((text) => ({ kind: "number" as const, value: Number(text), text }))
  .filter((literal) => Number.isFinite(literal.value));
const literal: fc.Arbitrary<Literal> = fc.oneof(stringLiteral, numberLiteral);

// The parser builds ordinary objects, and deepStrictEqual compares prototypes too.
const plainObjects = { noNullPrototype: true };

const { expression } = fc.letrec<{
  expression: Expression;
  condition: Expression;
  binary: Expression;
  not: Expression;
}>((tie) => ({
  expression: fc.oneof({ maxDepth: 5, depthSize: "small" }, tie("condition"), tie("binary"), tie("not")),
  condition: fc.record(
    { kind: fc.constant("condition" as const), left: operand, op: fc.constantFrom(...COMPARISONS), right: literal },
    plainObjects,
  ),
  binary: fc.record(
    { kind: fc.constantFrom("and" as const, "or" as const), left: tie("expression"), right: tie("expression") },
    plainObjects,
  ),
  not: fc.record({ kind: fc.constant("not" as const), operand: tie("expression") }, plainObjects),
}));

/** Pieces of the language, valid and broken, so generated texts get past the first token. */
const fragment = fc.constantFrom(
  "tag:",
  "server:",
  "tag:color",
  "tag:a='x'",
  "server:Id=1",
  "tag:dcv:os-family",
  "ram_gb",
  "tga:x",
  "server:Host.Memory.TotalBytes",
  "server:Host.Nope",
  "(",
  ")",
  "'",
  "''",
  "'pink'",
  "'o''neil'",
  "and",
  "OR",
  "not",
  ...COMPARISONS,
  ":",
  "!",
  "1024E6",
  "-2.5e-3",
  "1e999",
  "0x10",
  " ",
  "\n",
  "é",
);
const tokenSoup = fc.array(fc.tuple(fragment, fc.constantFrom("", " ")), { maxLength: 25 }).map((parts) => parts.flat().join(""));
/** Canonical texts with a fragment spliced in: mostly valid, broken in one place. */
const damagedText = fc
  .tuple(expression.map(printRequirements), fc.nat(), fc.nat(3), fragment)
  .map(([text, at, removed, inserted]) => {
    const cut = at % (text.length + 1);
    return text.slice(0, cut) + inserted + text.slice(cut + removed);
  });
const anyText = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), tokenSoup, damagedText);

test("any text either parses or throws a RequirementsSyntaxError pointing into it", (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(anyText, (text) => {
      let parsed: Expression;
      try {
        parsed = parseRequirements(text);
      } catch (error) {
        if (!(error instanceof RequirementsSyntaxError)) throw error;
        if (error.position < 0 || error.position > text.length) throw new Error(`position ${error.position} is outside the text`);
        return;
      }
      // What parses has a canonical text that parses to the same tree.
      deepStrictEqual(parseRequirements(printRequirements(parsed)), parsed);
    }),
    { numRuns: RUNS },
    ),
  );
});

test("printing any expression and parsing the text gives back the same expression", (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(expression, (tree) => {
      deepStrictEqual(parseRequirements(printRequirements(tree)), tree);
    }),
    { numRuns: RUNS },
    ),
  );
});
