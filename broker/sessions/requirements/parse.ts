import { COMPARISONS, isServerProperty, SERVER_PROPERTIES, type Expression, type Literal, type Operand } from "./ast.js";
import { decimalValue } from "./decimal.js";
import { lexRequirements, type Token } from "./lex.js";
import { RequirementsSyntaxError } from "./syntax-error.js";

export { RequirementsSyntaxError } from "./syntax-error.js";

export const MAX_REQUIREMENTS_LENGTH = 4096;
/** Parentheses and `not`s nested deeper than this are refused, so hostile input cannot exhaust the stack. */
export const MAX_NESTING_DEPTH = 64;

type Keyword = "and" | "or" | "not";
type Lookahead = Token | { kind: "end"; position: number };

/**
 * Parses the Requirements of CreateSessions, e.g.
 * `tag:color = 'pink' and (server:Host.Os.Family = 'windows' or tag:color := 'red')`.
 *
 * - A condition is `operand comparison literal`; comparisons are `= != > >= < <= :=` (`:=` is "contains").
 * - Operands: `tag:KEY`, `server:PROPERTY` (one of SERVER_PROPERTIES, case-sensitive), or a bare KEY,
 *   which is a tag key (the API definition's own example is `ram_gb = '4'`). A bare key may not contain
 *   ':', so a misspelt prefix such as `tga:os` is an error rather than a silent tag key.
 * - A key runs up to whitespace, a parenthesis, a quote or an operator; `tag:dcv:os-family` is one key.
 * - The right side is a literal only: a single-quoted string (`''` is a quote inside it) or a finite
 *   decimal number such as `2`, `-0.5` or `1024E6`. A bare word there is an error.
 * - `not` binds tighter than `and`, which binds tighter than `or`; `and`/`or` group to the left.
 *   Keywords and the `tag:`/`server:` prefixes are case-insensitive. Whitespace is optional
 *   wherever a token ends on its own (`tag:id='abc'`).
 *
 * Throws only RequirementsSyntaxError, also for an empty text; positions are 0-based offsets.
 */
export function parseRequirements(text: string): Expression {
  if (text.length > MAX_REQUIREMENTS_LENGTH) {
    throw new RequirementsSyntaxError(
      `the expression is ${text.length} characters long, more than the limit of ${MAX_REQUIREMENTS_LENGTH}`,
      MAX_REQUIREMENTS_LENGTH,
    );
  }
  const tokens = lexRequirements(text);
  if (tokens.length === 0) throw new RequirementsSyntaxError("the expression is empty", 0);
  return new Parser(tokens, text.length).parseWhole();
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly end: Lookahead;

  constructor(
    private readonly tokens: readonly Token[],
    textLength: number,
  ) {
    this.end = { kind: "end", position: textLength };
  }

  parseWhole(): Expression {
    const expression = this.parseOr();
    if (this.current.kind !== "end") throw this.expected("'and', 'or' or the end of the expression");
    return expression;
  }

  private get current(): Lookahead {
    return this.tokens[this.index] ?? this.end;
  }

  private get previous(): Token | undefined {
    return this.tokens[this.index - 1];
  }

  private parseOr(): Expression {
    return this.parseChain("or", () => this.parseAnd());
  }

  private parseAnd(): Expression {
    return this.parseChain("and", () => this.parseUnary());
  }

  private parseChain(keyword: "and" | "or", parseOperand: () => Expression): Expression {
    let left = parseOperand();
    while (keywordOf(this.current) === keyword) {
      this.index += 1;
      left = { kind: keyword, left, right: parseOperand() };
    }
    return left;
  }

  private parseUnary(): Expression {
    const opening = this.current;
    if (keywordOf(opening) === "not") {
      return this.nested(opening, () => ({ kind: "not", operand: this.parseUnary() }));
    }
    if (opening.kind === "(") {
      return this.nested(opening, () => {
        const inner = this.parseOr();
        if (this.current.kind !== ")") throw this.expected("')'", undefined, `; the '(' at position ${opening.position} is still open`);
        this.index += 1;
        return inner;
      });
    }
    return this.parseCondition();
  }

  /** Consumes `opening` and parses what it encloses, one level deeper. */
  private nested(opening: Lookahead, parse: () => Expression): Expression {
    if (this.depth === MAX_NESTING_DEPTH) {
      throw new RequirementsSyntaxError(
        `nesting deeper than ${MAX_NESTING_DEPTH} levels at position ${opening.position}`,
        opening.position,
      );
    }
    this.index += 1;
    this.depth += 1;
    const expression = parse();
    this.depth -= 1;
    return expression;
  }

  private parseCondition(): Expression {
    const left = this.parseOperand();
    const comparison = this.current;
    if (comparison.kind !== "comparison") {
      throw this.expected(`a comparison (${COMPARISONS.join(" ")})`, this.previous);
    }
    this.index += 1;
    return { kind: "condition", left, op: comparison.op, right: this.parseLiteral() };
  }

  private parseOperand(): Operand {
    const word = this.current;
    if (word.kind !== "word" || keywordOf(word) !== undefined) {
      throw this.expected("a condition such as tag:key = 'value', 'not' or '('", this.previous);
    }
    this.index += 1;
    return operandOf(word.text, word.position);
  }

  private parseLiteral(): Literal {
    const literal = this.current;
    if (literal.kind === "string") {
      this.index += 1;
      return { kind: "string", value: literal.value };
    }
    const value = literal.kind === "word" ? decimalValue(literal.text) : undefined;
    if (literal.kind !== "word" || value === undefined) {
      const hint = literal.kind === "word" ? "; strings are written in single quotes" : "";
      throw this.expected("a quoted string or a number", this.previous, hint);
    }
    if (!Number.isFinite(value)) {
      throw new RequirementsSyntaxError(
        `'${literal.text}' at position ${literal.position} is not a finite number`,
        literal.position,
      );
    }
    this.index += 1;
    return { kind: "number", value, text: literal.text };
  }

  /** "expected WHAT [after TOKEN] at position N, found TOKEN", about the current token. */
  private expected(what: string, after?: Token, hint = ""): RequirementsSyntaxError {
    const found = this.current;
    const context = after === undefined ? "" : ` after ${describe(after)}`;
    return new RequirementsSyntaxError(
      `expected ${what}${context} at position ${found.position}, found ${describe(found)}${hint}`,
      found.position,
    );
  }
}

function keywordOf(token: Lookahead): Keyword | undefined {
  if (token.kind !== "word") return undefined;
  const word = token.text.toLowerCase();
  return word === "and" || word === "or" || word === "not" ? word : undefined;
}

function describe(token: Lookahead): string {
  switch (token.kind) {
    case "word":
      return `'${token.text}'`;
    case "string":
      return "a quoted string";
    case "comparison":
      return `'${token.op}'`;
    case "(":
    case ")":
      return `'${token.kind}'`;
    case "end":
      return "the end of the expression";
  }
}

const PREFIX = /^(tag|server):/i;

function operandOf(word: string, position: number): Operand {
  const prefix = PREFIX.exec(word)?.[0];
  if (prefix === undefined) {
    if (word.includes(":")) {
      throw new RequirementsSyntaxError(
        `unknown prefix '${word.slice(0, word.indexOf(":") + 1)}' at position ${position}; write tag: before a tag key or server: before a server property`,
        position,
      );
    }
    return { kind: "tag", key: word };
  }
  const name = word.slice(prefix.length);
  const namePosition = position + prefix.length;
  if (prefix.toLowerCase() === "tag:") {
    if (name === "") throw new RequirementsSyntaxError(`expected a tag key after 'tag:' at position ${namePosition}`, namePosition);
    return { kind: "tag", key: name };
  }
  if (!isServerProperty(name)) {
    throw new RequirementsSyntaxError(
      `unknown server property '${name}' at position ${namePosition}; valid properties are ${SERVER_PROPERTIES.join(", ")}`,
      namePosition,
    );
  }
  return { kind: "server", property: name };
}
