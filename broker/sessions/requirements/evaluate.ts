import type { Comparison, Expression, Literal, Operand, ServerProperty } from "./ast.js";
import { decimalValue } from "./decimal.js";

/** What a requirement is checked against: one server's tags and properties. */
export interface RequirementsSubject {
  tag(key: string): string | undefined;
  property(name: ServerProperty): string | number | undefined;
}

/**
 * Whether `subject` satisfies `expression`.
 *
 * - Numbers: when the right side is a number literal and the left value is a finite number (or a
 *   string that is a plain decimal such as `16` or `1e3`), the two are compared as numbers.
 * - Otherwise both are compared as strings (a number literal as written): `=`/`!=` exactly,
 *   `<`, `<=`, `>`, `>=` by UTF-16 code units, `:=` is true when the left contains the right.
 * - A missing tag or absent property makes every comparison false except `!=`, which is true,
 *   so `a != 'x'` always means the same as `not a = 'x'`.
 */
export function evaluateRequirements(expression: Expression, subject: RequirementsSubject): boolean {
  switch (expression.kind) {
    case "condition":
      return compare(valueOf(expression.left, subject), expression.op, expression.right);
    case "and":
      return evaluateRequirements(expression.left, subject) && evaluateRequirements(expression.right, subject);
    case "or":
      return evaluateRequirements(expression.left, subject) || evaluateRequirements(expression.right, subject);
    case "not":
      return !evaluateRequirements(expression.operand, subject);
  }
}

function valueOf(operand: Operand, subject: RequirementsSubject): string | number | undefined {
  return operand.kind === "tag" ? subject.tag(operand.key) : subject.property(operand.property);
}

function compare(value: string | number | undefined, op: Comparison, literal: Literal): boolean {
  if (value === undefined) return op === "!=";
  const literalText = literal.kind === "string" ? literal.value : literal.text;
  if (op === ":=") return String(value).includes(literalText);
  const number = finiteNumber(value);
  const order =
    literal.kind === "number" && number !== undefined
      ? threeWay(number, literal.value)
      : threeWay(String(value), literalText);
  switch (op) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
  }
}

function finiteNumber(value: string | number): number | undefined {
  const number = typeof value === "number" ? value : decimalValue(value);
  return number !== undefined && Number.isFinite(number) ? number : undefined;
}

function threeWay<T extends string | number>(left: T, right: T): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
