import test from "ava";
import type { Expression, ServerProperty } from "../broker/sessions/requirements/ast.js";
import { evaluateRequirements, type RequirementsSubject } from "../broker/sessions/requirements/evaluate.js";
import {
  MAX_NESTING_DEPTH,
  MAX_REQUIREMENTS_LENGTH,
  parseRequirements,
  RequirementsSyntaxError,
} from "../broker/sessions/requirements/parse.js";
import { printRequirements } from "../broker/sessions/requirements/print.js";

interface Server {
  tags?: Record<string, string>;
  properties?: Partial<Record<ServerProperty, string | number>>;
}

function subjectOf(server: Server): RequirementsSubject {
  const tags = new Map(Object.entries(server.tags ?? {}));
  return { tag: (key) => tags.get(key), property: (name) => server.properties?.[name] };
}

function holds(text: string, server: Server): boolean {
  return evaluateRequirements(parseRequirements(text), subjectOf(server));
}

const tag = (key: string, value: string): Expression => ({
  kind: "condition",
  left: { kind: "tag", key },
  op: "=",
  right: { kind: "string", value },
});

const windowsT2 = {
  tags: { color: "pink", idea_session_id: "abc" },
  properties: {
    "Host.Os.Family": "windows",
    "Host.Aws.Ec2InstanceType": "t2.micro",
    "Host.CpuInfo.NumberOfCpus": 4,
    "Host.Memory.TotalBytes": 2_000_000_000,
  },
} satisfies Server;

test("the documented examples parse and evaluate", (t) => {
  const cases: Array<[string, Server, boolean]> = [
    ["tag:color = 'pink' and (server:Host.Os.Family = 'windows' or tag:color := 'red')", windowsT2, true],
    ["tag:color = 'pink' and (server:Host.Os.Family = 'linux' or tag:color := 'red')", windowsT2, false],
    ["tag:color = 'pink' and (server:Host.Os.Family = 'linux' or tag:color := 'red')", { tags: { color: "pink" } }, false],
    ["tag:color = 'dark-red' and (server:Host.Os.Family = 'linux' or tag:color := 'red')", { tags: { color: "dark-red" } }, true],
    ["server:Host.Aws.Ec2InstanceType := 't2' and server:Host.CpuInfo.NumberOfCpus >= 2", windowsT2, true],
    ["server:Host.Aws.Ec2InstanceType := 't2' and server:Host.CpuInfo.NumberOfCpus >= 8", windowsT2, false],
    ["server:Host.Memory.TotalBytes > 1024E6", windowsT2, true],
    ["server:Host.Memory.TotalBytes > 1024E6", { properties: { "Host.Memory.TotalBytes": "1000000000" } }, false],
    ["tag:idea_session_id='abc'", windowsT2, true],
    ["tag:idea_session_id='abd'", windowsT2, false],
    ["ram_gb = '4' and software='my software'", { tags: { ram_gb: "4", software: "my software" } }, true],
    ["irish_name='o''neil'", { tags: { irish_name: "o'neil" } }, true],
  ];
  for (const [text, server, expected] of cases) t.is(holds(text, server), expected, text);
});

test("the first documented example has the expected tree and prints back canonically", (t) => {
  const text = "tag:color = 'pink' and (server:Host.Os.Family = 'windows' or tag:color := 'red')";
  const expression = parseRequirements(text);
  t.deepEqual(expression, {
    kind: "and",
    left: tag("color", "pink"),
    right: {
      kind: "or",
      left: {
        kind: "condition",
        left: { kind: "server", property: "Host.Os.Family" },
        op: "=",
        right: { kind: "string", value: "windows" },
      },
      right: { kind: "condition", left: { kind: "tag", key: "color" }, op: ":=", right: { kind: "string", value: "red" } },
    },
  });
  t.is(printRequirements(expression), text);
});

test("an unprefixed key is a tag key; a key with an unknown prefix is refused", (t) => {
  t.deepEqual(parseRequirements("ram_gb = '4'"), tag("ram_gb", "4"));
  t.is(printRequirements(parseRequirements("ram_gb='4'")), "tag:ram_gb = '4'");
  const error = t.throws(() => parseRequirements("tga:os = 'linux'"), { instanceOf: RequirementsSyntaxError });
  t.regex(error.message, /unknown prefix 'tga:' at position 0; write tag: .* or server: /);
});

test("not binds tighter than and, and tighter than or; and/or group to the left", (t) => {
  const [a, b, c] = [tag("a", "1"), tag("b", "1"), tag("c", "1")];
  t.deepEqual(parseRequirements("a='1' or b='1' and c='1'"), { kind: "or", left: a, right: { kind: "and", left: b, right: c } });
  t.deepEqual(parseRequirements("not a='1' and b='1'"), { kind: "and", left: { kind: "not", operand: a }, right: b });
  t.deepEqual(parseRequirements("not (a='1' and b='1')"), { kind: "not", operand: { kind: "and", left: a, right: b } });
  t.deepEqual(parseRequirements("a='1' or b='1' or c='1'"), { kind: "or", left: { kind: "or", left: a, right: b }, right: c });
  t.deepEqual(parseRequirements("(a='1' or b='1') and c='1'"), { kind: "and", left: { kind: "or", left: a, right: b }, right: c });
  t.deepEqual(parseRequirements("not not a='1'"), { kind: "not", operand: { kind: "not", operand: a } });

  const aAndB = { tags: { a: "1", b: "1" } };
  t.true(holds("a='1' or b='1' and c='1'", aAndB));
  t.false(holds("(a='1' or b='1') and c='1'", aAndB));
  t.false(holds("not a='1' and b='1'", aAndB));
  t.true(holds("not (a='1' and c='1')", aAndB));
});

test("the printer adds only the parentheses the grouping needs", (t) => {
  const texts = [
    "tag:a = '1' or tag:b = '1' and tag:c = '1'",
    "(tag:a = '1' or tag:b = '1') and tag:c = '1'",
    "tag:a = '1' and (tag:b = '1' and tag:c = '1')",
    "tag:a = '1' or (tag:b = '1' or tag:c = '1')",
    "not (tag:a = '1' or tag:b = '1') and not not tag:c = '1'",
  ];
  for (const text of texts) t.is(printRequirements(parseRequirements(text)), text);
  t.is(printRequirements(parseRequirements("((tag:a='1'))AND(NOT(tag:b='1'))")), "tag:a = '1' and not tag:b = '1'");
});

test("'' is a quote inside a string", (t) => {
  const valueOf = (text: string) => {
    const expression = parseRequirements(text);
    return expression.kind === "condition" ? expression.right : undefined;
  };
  t.deepEqual(valueOf("irish_name='o''neil'"), { kind: "string", value: "o'neil" });
  t.deepEqual(valueOf("a=''''"), { kind: "string", value: "'" });
  t.deepEqual(valueOf("a=''"), { kind: "string", value: "" });
  t.deepEqual(valueOf("a='x and (y) = ''z'''"), { kind: "string", value: "x and (y) = 'z'" });
  t.is(printRequirements(parseRequirements("irish_name='o''neil'")), "tag:irish_name = 'o''neil'");
});

test("numbers may be negative, fractional and use exponents, and keep the text they were written as", (t) => {
  const numberOf = (text: string) => {
    const expression = parseRequirements(`server:Host.Memory.TotalBytes > ${text}`);
    return expression.kind === "condition" ? expression.right : undefined;
  };
  t.deepEqual(numberOf("1024E6"), { kind: "number", value: 1_024_000_000, text: "1024E6" });
  t.deepEqual(numberOf("1e+2"), { kind: "number", value: 100, text: "1e+2" });
  t.deepEqual(numberOf("-2.5e-3"), { kind: "number", value: -0.0025, text: "-2.5e-3" });
  t.deepEqual(numberOf("007"), { kind: "number", value: 7, text: "007" });
});

test("a number literal compares numerically with a value that is a number; anything else compares as strings", (t) => {
  t.true(holds("tag:ram_gb > 9", { tags: { ram_gb: "10" } }));
  t.false(holds("tag:ram_gb > '9'", { tags: { ram_gb: "10" } }));
  t.true(holds("tag:ram_gb = 4", { tags: { ram_gb: "4.0" } }));
  t.false(holds("tag:ram_gb = '4'", { tags: { ram_gb: "4.0" } }));
  t.true(holds("tag:ram_gb = 1000", { tags: { ram_gb: "1e3" } }));
  t.false(holds("tag:ram_gb = 16", { tags: { ram_gb: "0x10" } }), "only plain decimals are numbers");
  t.false(holds("tag:ram_gb = 16", { tags: { ram_gb: " 16" } }));
  t.true(holds("tag:name > 1", { tags: { name: "abc" } }), "'abc' > '1' as strings");
  t.true(holds("tag:name < 'abd'", { tags: { name: "abc" } }));
  t.true(holds("tag:name <= 'abc' and tag:name >= 'abc' and tag:name != 'ABC'", { tags: { name: "abc" } }));
  t.true(holds("server:Host.CpuInfo.NumberOfCpus >= 2 and server:Host.CpuInfo.NumberOfCpus < 4.5", windowsT2));
  t.true(holds("server:Host.CpuInfo.NumberOfCpus = '4'", windowsT2), "a number property is its decimal text next to a string");
  t.true(holds("server:Host.CpuLoadAverage.OneMinute <= 0.75", { properties: { "Host.CpuLoadAverage.OneMinute": "0.5" } }));
});

test(":= is true when the value contains the string", (t) => {
  t.true(holds("server:Host.Aws.Ec2InstanceType := 't2'", windowsT2));
  t.true(holds("server:Host.Aws.Ec2InstanceType := '.micro'", windowsT2));
  t.false(holds("server:Host.Aws.Ec2InstanceType := 'T2'", windowsT2));
  t.true(holds("tag:color := ''", windowsT2));
  t.true(holds("server:Host.CpuInfo.NumberOfCpus := 4", windowsT2));
  t.false(holds("server:Host.Memory.TotalBytes := 2E9", windowsT2), "a number literal is matched as written");
});

test("keywords and prefixes are case-insensitive; property names are not", (t) => {
  t.true(holds("TAG:color = 'pink' AND NoT Tag:color = 'red' Or SERVER:Id = 'x'", windowsT2));
  t.deepEqual(parseRequirements("tag:a='1' AND tag:b='1'"), parseRequirements("tag:a='1' and tag:b='1'"));
  const error = t.throws(() => parseRequirements("server:host.os.family = 'windows'"), { instanceOf: RequirementsSyntaxError });
  t.regex(error.message, /unknown server property 'host\.os\.family' at position 7; valid properties are Id, Hostname, .*Host\.Os\.Family/);
});

test("a missing tag or property makes every comparison false except !=", (t) => {
  const expected = { "=": false, "!=": true, ">": false, ">=": false, "<": false, "<=": false, ":=": false };
  for (const [op, result] of Object.entries(expected)) {
    t.is(holds(`tag:gpu ${op} 'x'`, windowsT2), result, `tag ${op}`);
    t.is(holds(`server:Host.Aws.Region ${op} 1`, windowsT2), result, `property ${op}`);
  }
  t.true(holds("not tag:gpu = 'x'", windowsT2));
  t.false(holds("tag:toString = 'x'", windowsT2), "no prototype leaks in the test subject either");
});

test("tag keys may hold colons, slashes, dots, dashes and non-ASCII letters; whitespace is optional", (t) => {
  t.deepEqual(parseRequirements("tag:dcv:os-family='linux'"), tag("dcv:os-family", "linux"));
  t.deepEqual(parseRequirements("tag:team/a.b_c-d='x'"), tag("team/a.b_c-d", "x"));
  t.deepEqual(parseRequirements("tag:größe='L'"), tag("größe", "L"));
  const contains = parseRequirements("tag:os:='lin'");
  t.deepEqual(contains, { kind: "condition", left: { kind: "tag", key: "os" }, op: ":=", right: { kind: "string", value: "lin" } });
  t.true(holds("tag:color='pink'and(tag:idea_session_id>='abc')or not(tag:color!='pink')", windowsT2));
  t.true(holds("\n\ttag:color\u00a0=\r\n'pink'  ", windowsT2));
});

test("every malformed input is a RequirementsSyntaxError saying what was expected and where", (t) => {
  const cases: Array<[string, RegExp, number]> = [
    ["", /the expression is empty/, 0],
    ["  \n ", /the expression is empty/, 0],
    ["tag:a = 'pink", /unterminated string starting at position 8/, 8],
    ["tag:a = 'o''neil", /unterminated string starting at position 8/, 8],
    ["server:Host.Os.Flavour = 'x'", /unknown server property 'Host\.Os\.Flavour' at position 7; valid properties are Id, /, 7],
    ["server: = 'x'", /unknown server property '' at position 7/, 7],
    ["tag: = 'x'", /expected a tag key after 'tag:' at position 4/, 4],
    ["= 'x'", /expected a condition .* at position 0, found '='/, 0],
    ["tag:a = ", /expected a quoted string or a number after '=' at position 8, found the end of the expression/, 8],
    ["tag:a = windows", /expected a quoted string or a number after '=' at position 8, found 'windows'; strings are written in single quotes/, 8],
    ["tag:a = \"windows\"", /expected a quoted string or a number after '=' at position 8/, 8],
    ["tag:a = 1024MB", /expected a quoted string or a number after '=' at position 8, found '1024MB'/, 8],
    ["tag:a 'x'", /expected a comparison \(= != > >= < <= :=\) after 'tag:a' at position 6, found a quoted string/, 6],
    ["tag:a", /expected a comparison .* at position 5, found the end of the expression/, 5],
    ["tag:a = 'x' and", /expected a condition .* after 'and' at position 15, found the end of the expression/, 15],
    ["and tag:a = 'x'", /expected a condition .* at position 0, found 'and'/, 0],
    ["tag:a = 'x' or or tag:b = 'y'", /expected a condition .* after 'or' at position 15, found 'or'/, 15],
    ["not", /expected a condition .* after 'not' at position 3/, 3],
    ["tag:a = 'x' tag:b = 'y'", /expected 'and', 'or' or the end of the expression at position 12, found 'tag:b'/, 12],
    ["(tag:a = 'x'", /expected '\)' at position 12, found the end of the expression; the '\(' at position 0 is still open/, 12],
    ["((tag:a = 'x')", /expected '\)' at position 14.*the '\(' at position 0 is still open/, 14],
    ["tag:a = 'x')", /expected 'and', 'or' or the end of the expression at position 11, found '\)'/, 11],
    ["()", /expected a condition .* after '\(' at position 1, found '\)'/, 1],
    ["tag:a = 1e999", /'1e999' at position 8 is not a finite number/, 8],
    ["tag:a = -1E400", /'-1E400' at position 8 is not a finite number/, 8],
    ["tag:a ! 'x'", /unexpected character '!' at position 6/, 6],
    ["tag:a == 'x'", /expected a quoted string or a number after '=' at position 7, found '='/, 7],
  ];
  for (const [text, message, position] of cases) {
    const error = t.throws(() => parseRequirements(text), { instanceOf: RequirementsSyntaxError }, JSON.stringify(text));
    t.regex(error.message, /^Requirements: /);
    t.regex(error.message, message, JSON.stringify(text));
    t.is(error.position, position, JSON.stringify(text));
  }
});

test("nesting is limited, so deep parentheses or nots cannot overflow the stack", (t) => {
  const parenthesized = (depth: number) => `${"(".repeat(depth)}tag:a='x'${")".repeat(depth)}`;
  t.deepEqual(parseRequirements(parenthesized(MAX_NESTING_DEPTH)), tag("a", "x"));
  const tooDeep = t.throws(() => parseRequirements(parenthesized(MAX_NESTING_DEPTH + 1)), { instanceOf: RequirementsSyntaxError });
  t.is(tooDeep.message, `Requirements: nesting deeper than 64 levels at position ${MAX_NESTING_DEPTH}`);
  t.throws(() => parseRequirements(`${"not ".repeat(MAX_NESTING_DEPTH + 1)}tag:a='x'`), { message: /nesting deeper than 64 levels/ });
  t.throws(() => parseRequirements("(".repeat(4000)), { instanceOf: RequirementsSyntaxError });
});

test("texts longer than the limit are refused before they are read", (t) => {
  const ofLength = (length: number) => `tag:a='${"x".repeat(length - 8)}'`;
  t.is(ofLength(MAX_REQUIREMENTS_LENGTH).length, MAX_REQUIREMENTS_LENGTH);
  t.notThrows(() => parseRequirements(ofLength(MAX_REQUIREMENTS_LENGTH)));
  const error = t.throws(() => parseRequirements(ofLength(MAX_REQUIREMENTS_LENGTH + 1)), { instanceOf: RequirementsSyntaxError });
  t.is(error.message, "Requirements: the expression is 4097 characters long, more than the limit of 4096");
  t.is(error.position, MAX_REQUIREMENTS_LENGTH);
});

test("the printer refuses what the language cannot write", (t) => {
  const withKey = (key: string): Expression => tag(key, "x");
  t.throws(() => printRequirements(withKey("has space")), { instanceOf: RangeError });
  t.throws(() => printRequirements(withKey("")), { instanceOf: RangeError });
  t.throws(() => printRequirements(withKey("a:=b")), { instanceOf: RangeError });
  const badNumber: Expression = {
    kind: "condition",
    left: { kind: "tag", key: "a" },
    op: ">",
    right: { kind: "number", value: 2, text: "3" },
  };
  t.throws(() => printRequirements(badNumber), { instanceOf: RangeError });
});
