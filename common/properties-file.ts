/**
 * Java .properties text, as java.util.Properties.load reads it: `key = value`,
 * `key: value` or `key value`; `#` and `!` comment lines; a line ending in an
 * odd number of backslashes continues on the next, whose leading whitespace
 * is dropped; escapes \t \n \r \f \uXXXX, and a backslash before any other
 * character stands for that character.
 */
export interface PropertiesFile {
  /** The value of each key; when a key repeats, the last one. */
  values: Map<string, string>;
  /** The (1-based) line each key's value was read from. */
  lines: Map<string, number>;
  /** Keys set more than once: the winning line, and the line it overrides. */
  duplicates: Array<{ key: string; line: number; previousLine: number }>;
}

export class PropertiesSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "PropertiesSyntaxError";
  }
}

const LEADING_WHITESPACE = /^[ \t\f]+/;
const ESCAPES: Readonly<Record<string, string>> = { t: "\t", n: "\n", r: "\r", f: "\f" };

export function parseProperties(text: string): PropertiesFile {
  const physicalLines = text.split(/\r\n|\r|\n/);
  const file: PropertiesFile = { values: new Map(), lines: new Map(), duplicates: [] };
  for (let index = 0; index < physicalLines.length; index++) {
    const lineNumber = index + 1;
    let logical = (physicalLines[index] ?? "").replace(LEADING_WHITESPACE, "");
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) continue;
    while (continues(logical)) {
      index++;
      // A continuation on the last line continues into nothing.
      logical = logical.slice(0, -1) + (physicalLines[index] ?? "").replace(LEADING_WHITESPACE, "");
    }
    const { key, value } = splitEntry(logical, lineNumber);
    const previousLine = file.lines.get(key);
    if (previousLine !== undefined) file.duplicates.push({ key, line: lineNumber, previousLine });
    file.values.set(key, value);
    file.lines.set(key, lineNumber);
  }
  return file;
}

function continues(line: string): boolean {
  const trailingBackslashes = line.length - line.replace(/\\+$/, "").length;
  return trailingBackslashes % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; then whitespace and one `=` or `:` separate it from the value. */
function splitEntry(line: string, lineNumber: number): { key: string; value: string } {
  let end = 0;
  while (end < line.length && !/[=: \t\f]/.test(line.charAt(end))) end += line.charAt(end) === "\\" ? 2 : 1;
  const separator = /^[ \t\f]*[=:]?[ \t\f]*/.exec(line.slice(end))?.[0] ?? "";
  return {
    key: unescape(line.slice(0, end), lineNumber),
    value: unescape(line.slice(end + separator.length), lineNumber),
  };
}

function unescape(text: string, lineNumber: number): string {
  let result = "";
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char !== "\\") {
      result += char;
      continue;
    }
    const escaped = text.charAt(++index);
    if (escaped === "u") {
      const hex = text.slice(index + 1, index + 5);
      // The message does not quote the text: it may be part of a password.
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError(lineNumber, "malformed \\uXXXX escape");
      result += String.fromCharCode(Number.parseInt(hex, 16));
      index += 4;
    } else {
      result += ESCAPES[escaped] ?? escaped;
    }
  }
  return result;
}
