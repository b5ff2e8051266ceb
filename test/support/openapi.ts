/**
 * Validates JSON bodies against the official DCV Session Manager OpenAPI definition
 * (shared/reference/dcv-session-manager-api.yaml). Every test that sees a REST body goes through here.
 *
 * Deliberately stricter than the YAML: object schemas reject keys they do not list, so a misspelled
 * or extra key fails, and int64 values must be safe JavaScript integers.
 */
import { AssertionError } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

const SPEC_PATH_FROM_WORKSPACE = join('shared', 'reference', 'dcv-session-manager-api.yaml');
/** The repository's byte-identical copy (test/reference/README.md), relative to the repository root. */
export const VENDORED_SPEC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'reference', 'dcv-session-manager-api.yaml');
const COMPONENTS_REF_PREFIX = '#/components/schemas/';
const DEFINITIONS_ID = 'dcv-session-manager-api';
/** OpenAPI-only annotations; `nullable` becomes a type union; `default` is an annotation the YAML gets wrong (`"false"` on a boolean). */
const DROPPED_KEYWORDS = new Set(['xml', 'example', 'deprecated', 'externalDocs', 'nullable', 'default']);

type SchemaObject = Record<string, unknown>;

interface OpenApiOperation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, SchemaObject> };
}

interface Operation {
  requestBody: { required: boolean; validate: ValidateFunction } | undefined;
  /** Only statuses documented with an application/json body. */
  responses: Map<number, ValidateFunction>;
}

interface PathTemplate {
  template: string;
  segments: string[];
  operations: Map<string, Operation>;
}

interface CompiledApi {
  paths: PathTemplate[];
  validateErrorBody: ValidateFunction;
}

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    field: { type: 'string' },
    requestId: { type: 'string' },
    // OAuth 2.0 token endpoint errors (RFC 6749 section 5.2).
    error_description: { type: 'string' },
  },
  additionalProperties: false,
};

let compiledApi: CompiledApi | undefined;

/** Throws an AssertionError listing every violation if `body` is not a valid response of that operation. */
export function assertValidResponse(method: HttpMethod, path: string, status: number, body: unknown): void {
  throwIfAny(responseErrors(method, path, status, body));
}

/** Throws an AssertionError listing every violation if `body` is not a valid request body of that operation. */
export function assertValidRequest(method: HttpMethod, path: string, body: unknown): void {
  throwIfAny(requestErrors(method, path, body));
}

/** Throws unless `body` is our error shape: `{ error: non-empty string, message?, field?, requestId?, error_description? }`. */
export function assertErrorBody(body: unknown): void {
  const { validateErrorBody } = loadApi();
  throwIfAny(validateErrorBody(body) ? [] : violations('error body', validateErrorBody));
}

/** The violations `assertValidResponse` would report, one readable line each; empty when valid. */
export function responseErrors(method: HttpMethod, path: string, status: number, body: unknown): string[] {
  const label = `${method} ${stripQuery(path)} ${status}`;
  const operation = findOperation(method, path);
  if (typeof operation === 'string') return [`${label}: ${operation}`];
  const validate = operation.responses.get(status);
  if (validate === undefined) {
    const documented = [...operation.responses.keys()].join(', ');
    return [
      `${label}: the API documents no JSON body for this status (documented: ${documented});` +
        ' check error bodies with assertErrorBody',
    ];
  }
  return validate(body) ? [] : violations(label, validate);
}

/** The violations `assertValidRequest` would report, one readable line each; empty when valid. */
export function requestErrors(method: HttpMethod, path: string, body: unknown): string[] {
  const label = `${method} ${stripQuery(path)} request`;
  const operation = findOperation(method, path);
  if (typeof operation === 'string') return [`${label}: ${operation}`];
  const { requestBody } = operation;
  if (requestBody === undefined) {
    return body === undefined ? [] : [`${label}: the API defines no request body for this operation`];
  }
  if (body === undefined) return requestBody.required ? [`${label}: a request body is required`] : [];
  return requestBody.validate(body) ? [] : violations(label, requestBody.validate);
}

function throwIfAny(errors: string[]): void {
  if (errors.length > 0) throw new AssertionError({ message: errors.join('\n') });
}

/** Returns the operation, or a sentence saying why there is none. */
function findOperation(method: HttpMethod, path: string): Operation | string {
  const segments = stripQuery(path).split('/');
  const match = loadApi().paths.find((candidate) => matchesTemplate(candidate.segments, segments));
  if (match === undefined) {
    const known = loadApi().paths.map((candidate) => candidate.template).join(', ');
    return `no path of the API matches "${stripQuery(path)}" (known paths: ${known})`;
  }
  const operation = match.operations.get(method.toLowerCase());
  if (operation === undefined) {
    const allowed = [...match.operations.keys()].map((name) => name.toUpperCase()).join(', ');
    return `the API defines no ${method} for ${match.template} (methods: ${allowed})`;
  }
  return operation;
}

function stripQuery(path: string): string {
  return path.split(/[?#]/, 1)[0] ?? path;
}

function matchesTemplate(template: string[], actual: string[]): boolean {
  return (
    template.length === actual.length &&
    template.every((segment, index) => {
      const actualSegment = actual[index] ?? '';
      return /^\{[^}]+\}$/.test(segment) ? actualSegment !== '' : segment === actualSegment;
    })
  );
}

function violations(label: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${label}: ${describeError(error)}`);
}

function describeError(error: ErrorObject): string {
  const pointer = error.instancePath === '' ? '(root)' : error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${error.instancePath}/${String(error.params.additionalProperty)} is not a key the API defines`;
    case 'required':
      return `${pointer} ${error.message ?? 'is missing a required key'}`;
    default:
      return `${pointer} ${error.message ?? 'is invalid'} (got ${describeValue(error.data)})`;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const json = JSON.stringify(value);
  return `${Array.isArray(value) ? 'array' : typeof value} ${json.length > 80 ? `${json.slice(0, 77)}...` : json}`;
}

function loadApi(): CompiledApi {
  compiledApi ??= compileApi(locateSpec());
  return compiledApi;
}

/**
 * The workspace's shared/reference copy (the contract of record), found by walking up from the
 * working directory and from this module's directory; else the repository's own copy.
 */
export function locateSpec(): string {
  const starts = [process.cwd(), dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, SPEC_PATH_FROM_WORKSPACE);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  if (existsSync(VENDORED_SPEC)) return VENDORED_SPEC;
  throw new Error(
    `OpenAPI definition not found: looked for ${SPEC_PATH_FROM_WORKSPACE} in every parent of ${starts.join(' and ')}, ` +
      `and for ${VENDORED_SPEC}`,
  );
}

function compileApi(specPath: string): CompiledApi {
  const document = parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;
  if (typeof document?.paths !== 'object' || typeof document.components?.schemas !== 'object') {
    throw new Error(`${specPath} is not an OpenAPI document with paths and components.schemas`);
  }
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
  formatsPlugin.default(ajv, ['date-time']);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  // Our broker is JavaScript: an int64 beyond 2^53 would already have lost precision.
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('float', true);
  ajv.addFormat('double', true);

  const definitions = Object.fromEntries(
    Object.entries(document.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: DEFINITIONS_ID, definitions });

  const compileBody = (content: Record<string, { schema?: SchemaObject }> | undefined): ValidateFunction | undefined => {
    const schema = content?.['application/json']?.schema;
    return schema === undefined ? undefined : ajv.compile(toJsonSchema(schema));
  };

  const paths = Object.entries(document.paths).map(([template, methods]): PathTemplate => {
    const operations = new Map<string, Operation>();
    for (const [method, operation] of Object.entries(methods)) {
      const requestValidate = compileBody(operation.requestBody?.content);
      const responses = new Map<number, ValidateFunction>();
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const validate = compileBody(response.content);
        if (validate !== undefined) responses.set(Number(status), validate);
      }
      operations.set(method, {
        requestBody:
          requestValidate === undefined
            ? undefined
            : { required: operation.requestBody?.required === true, validate: requestValidate },
        responses,
      });
    }
    return { template, segments: template.split('/'), operations };
  });

  return { paths, validateErrorBody: ajv.compile(ERROR_BODY_SCHEMA) };
}

/** OpenAPI 3.0 schema object → draft-07 JSON Schema, closing every object that lists its properties. */
function toJsonSchema(schema: SchemaObject): SchemaObject {
  if (typeof schema.$ref === 'string') return { $ref: toDefinitionRef(schema.$ref) };
  const converted: SchemaObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(keyword)) continue;
    if (keyword === 'properties') {
      converted.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaObject>).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else if (keyword === 'items') {
      converted.items = toJsonSchema(value as SchemaObject);
    } else {
      converted[keyword] = value;
    }
  }
  if (schema.properties !== undefined) {
    converted.type ??= 'object';
    converted.additionalProperties ??= false;
  }
  if (schema.nullable === true && typeof converted.type === 'string') converted.type = [converted.type, 'null'];
  return converted;
}

function toDefinitionRef(ref: string): string {
  if (!ref.startsWith(COMPONENTS_REF_PREFIX)) throw new Error(`Unsupported $ref in the OpenAPI definition: ${ref}`);
  return `${DEFINITIONS_ID}#/definitions/${ref.slice(COMPONENTS_REF_PREFIX.length)}`;
}
