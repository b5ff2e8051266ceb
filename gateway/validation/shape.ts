import { RestError } from "../errors.js";

/**
 * Declarative shapes of JSON request bodies. `check` refuses anything the
 * official API does not define (unknown keys, wrong types, bad enum values)
 * with a 400 that names the field, e.g. `[0].Type`.
 */
export type Shape =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "integer"; min?: number; max?: number }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "array"; items: Shape }
  | { kind: "object"; fields: Readonly<Record<string, Field>> };

export interface Field {
  shape: Shape;
  required?: boolean;
}

export const string: Shape = { kind: "string" };
export const boolean: Shape = { kind: "boolean" };
export const integer = (min?: number, max?: number): Shape => ({ kind: "integer", min, max });
export const oneOf = (...values: string[]): Shape => ({ kind: "enum", values });
export const arrayOf = (items: Shape): Shape => ({ kind: "array", items });
export const object = (fields: Record<string, Field | Shape>): Shape => ({
  kind: "object",
  fields: Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [key, "shape" in field ? field : { shape: field }]),
  ),
});
export const required = (shape: Shape): Field => ({ shape, required: true });

/**
 * Checks `value` against `shape` and returns it typed. JSON `null` counts as
 * absent (generated clients send null for unset fields). Enum values are
 * matched without regard to case and returned in the documented case.
 */
export function check<T>(value: unknown, shape: Shape, path = ""): T {
  return checkValue(value, shape, path) as T;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (max === undefined) return `at least ${min}`;
  if (min === undefined) return `at most ${max}`;
  return `between ${min} and ${max}`;
}

function fail(path: string, message: string): never {
  throw RestError.badRequest(path || undefined, `${path || "Request body"} ${message}`);
}

function checkValue(value: unknown, shape: Shape, path: string): unknown {
  switch (shape.kind) {
    case "string":
      if (typeof value !== "string") fail(path, `must be a string, got ${describe(value)}`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") fail(path, `must be true or false, got ${describe(value)}`);
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) fail(path, `must be an integer, got ${describe(value)}`);
      if ((shape.min !== undefined && value < shape.min) || (shape.max !== undefined && value > shape.max)) {
        fail(path, `must be ${rangeText(shape.min, shape.max)}, got ${value}`);
      }
      return value;
    case "enum": {
      const match = typeof value === "string" ? shape.values.find((v) => v.toUpperCase() === value.toUpperCase()) : undefined;
      if (match === undefined) fail(path, `must be one of ${shape.values.join(", ")}, got ${describe(value)}`);
      return match;
    }
    case "array":
      if (!Array.isArray(value)) fail(path, `must be an array, got ${describe(value)}`);
      return value.map((item, index) => checkValue(item, shape.items, `${path}[${index}]`));
    case "object":
      return checkObject(value, shape.fields, path);
  }
}

function checkObject(value: unknown, fields: Readonly<Record<string, Field>>, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, `must be an object, got ${describe(value)}`);
  const prefix = path === "" ? "" : `${path}.`;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field === undefined) fail(`${prefix}${key}`, "is not a field of this request");
    if (item !== null) result[key] = checkValue(item, field.shape, `${prefix}${key}`);
  }
  for (const [key, field] of Object.entries(fields)) {
    if (field.required === true && result[key] === undefined) fail(`${prefix}${key}`, "is required");
  }
  return result;
}
