import { COMPARISONS, type Comparison } from "./ast.js";
import { RequirementsSyntaxError } from "./syntax-error.js";

export type Token =
  | { kind: "word"; text: string; position: number }
  | { kind: "string"; value: string; position: number }
  | { kind: "comparison"; op: Comparison; position: number }
  | { kind: "(" | ")"; position: number };

const WHITESPACE = /\s+/uy;
/**
 * Keys, keywords and numbers: a run of anything but whitespace, parentheses, quotes and the
 * operator characters `= < > !`. A colon belongs to the word unless it starts `:=`, so
 * `tag:dcv:os-family` is one word and `tag:os:='x'` is the key `os` followed by `:=`.
 */
const WORD_PATTERN = String.raw`(?:[^\s()'=<>!:]|:(?!=))+`;
const WORD = new RegExp(WORD_PATTERN, "uy");
const WHOLE_WORD = new RegExp(`^${WORD_PATTERN}$`, "u");
// Longest operators first, so `>=` is not read as `>` followed by `=`.
const COMPARISON = new RegExp([...COMPARISONS].sort((a, b) => b.length - a.length).join("|"), "y");

/** True when `text` reads back as exactly one word token. */
export function isWord(text: string): boolean {
  return WHOLE_WORD.test(text);
}

export function lexRequirements(text: string): Token[] {
  const tokens: Token[] = [];
  let position = skipWhitespace(text, 0);
  while (position < text.length) {
    const { token, end } = readToken(text, position);
    tokens.push(token);
    position = skipWhitespace(text, end);
  }
  return tokens;
}

function readToken(text: string, position: number): { token: Token; end: number } {
  const char = text[position];
  if (char === "(" || char === ")") return { token: { kind: char, position }, end: position + 1 };
  if (char === "'") return readString(text, position);
  const op = matchAt(COMPARISON, text, position);
  if (op !== undefined) return { token: { kind: "comparison", op: op as Comparison, position }, end: position + op.length };
  const word = matchAt(WORD, text, position);
  if (word !== undefined) return { token: { kind: "word", text: word, position }, end: position + word.length };
  // Only a '!' that does not start '!=' gets here.
  throw new RequirementsSyntaxError(`unexpected character '${char}' at position ${position}`, position);
}

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

function skipWhitespace(text: string, position: number): number {
  return position + (matchAt(WHITESPACE, text, position)?.length ?? 0);
}

/** A single-quoted string starting at `start`; `''` inside stands for one quote. */
function readString(text: string, start: number): { token: Token; end: number } {
  let value = "";
  let cursor = start + 1;
  for (;;) {
    const quote = text.indexOf("'", cursor);
    if (quote < 0) {
      throw new RequirementsSyntaxError(
        `unterminated string starting at position ${start}: close it with ' (write '' for a quote inside)`,
        start,
      );
    }
    value += text.slice(cursor, quote);
    if (text[quote + 1] !== "'") return { token: { kind: "string", value, position: start }, end: quote + 1 };
    value += "'";
    cursor = quote + 2;
  }
}
