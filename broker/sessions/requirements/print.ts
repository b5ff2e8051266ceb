import type { Expression, Literal, Operand } from "./ast.js";
import { decimalValue } from "./decimal.js";
import { isWord } from "./lex.js";

const BINDING = { or: 1, and: 2, not: 3, condition: 4 } as const;

/**
 * The canonical text of an expression: `tag:`/`server:` prefixes, lower-case keywords, single spaces,
 * numbers as written and only the parentheses the grouping needs, so that parsing it gives back an
 * equal expression. Throws a RangeError for a tag key or number the language cannot write.
 */
export function printRequirements(expression: Expression): string {
  switch (expression.kind) {
    case "condition":
      return `${printOperand(expression.left)} ${expression.op} ${printLiteral(expression.right)}`;
    case "not":
      return `not ${printChild(expression.operand, BINDING.not)}`;
    case "and":
    case "or": {
      const binding = BINDING[expression.kind];
      // and/or group to the left, so a right operand of the same kind needs parentheses.
      return `${printChild(expression.left, binding)} ${expression.kind} ${printChild(expression.right, binding + 1)}`;
    }
  }
}

/** Prints `child`, in parentheses when it binds more loosely than `minimumBinding`. */
function printChild(child: Expression, minimumBinding: number): string {
  const text = printRequirements(child);
  return BINDING[child.kind] < minimumBinding ? `(${text})` : text;
}

function printOperand(operand: Operand): string {
  if (operand.kind === "server") return `server:${operand.property}`;
  if (!isWord(operand.key)) throw new RangeError(`Requirements cannot express the tag key ${JSON.stringify(operand.key)}`);
  return `tag:${operand.key}`;
}

function printLiteral(literal: Literal): string {
  if (literal.kind === "string") return `'${literal.value.replaceAll("'", "''")}'`;
  if (!Object.is(decimalValue(literal.text), literal.value) || !Number.isFinite(literal.value)) {
    throw new RangeError(`Requirements cannot express the number ${literal.value} written as ${JSON.stringify(literal.text)}`);
  }
  return literal.text;
}
