import test from "ava";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { apiDefinition, locateApiDefinition } from "../gateway/openapi/api-definition.js";
import { locateSpec } from "./support/openapi.js";

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };

interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Definition {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const official = parse(readFileSync(locateSpec(), "utf8")) as Definition;
const ours = parse(apiDefinition()) as Definition;

/** What decides a generated client's types: the $ref, or type and format (and the items' for arrays). */
function signature(schema: Schema | undefined): string {
  if (schema === undefined) return "none";
  if (typeof schema.$ref === "string") return schema.$ref;
  const base = [schema.type, schema.format].filter((part) => part !== undefined).join(":");
  return schema.items === undefined ? base : `${base}<${signature(schema.items)}>`;
}

const jsonSchema = (content: Record<string, { schema?: Schema }> | undefined) => content?.["application/json"]?.schema;

const officialOperations = Object.entries(official.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
);

for (const { path, method, operation } of officialOperations) {
  test(`${method.toUpperCase()} ${path}: same operation id, tags, parameters, request and response types`, (t) => {
    const mine = ours.paths[path]?.[method];
    if (mine === undefined) return t.fail(`our definition has no ${method} ${path}`);
    t.is(mine.operationId, operation.operationId);
    t.deepEqual(mine.tags, operation.tags);
    for (const parameter of operation.parameters ?? []) {
      const match = mine.parameters?.find((candidate) => candidate.name === parameter.name && candidate.in === parameter.in);
      t.truthy(match, `parameter ${parameter.name}`);
      t.is(signature(match?.schema), signature(parameter.schema), `parameter ${parameter.name}`);
      t.is(match?.required, parameter.required, `parameter ${parameter.name}`);
    }
    t.is(signature(jsonSchema(mine.requestBody?.content)), signature(jsonSchema(operation.requestBody?.content)), "request body");
    t.is(
      signature(jsonSchema(mine.responses?.["200"]?.content)),
      signature(jsonSchema(operation.responses?.["200"]?.content)),
      "200 response",
    );
  });
}

test("every schema and property of the official definition exists in ours with the same type", (t) => {
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(official.components.schemas)) {
    const mine = ours.components.schemas[name];
    if (mine === undefined) {
      problems.push(`schema ${name} is missing`);
      continue;
    }
    if (schema.type !== undefined && mine.type !== schema.type) problems.push(`${name}: type ${String(mine.type)}, not ${String(schema.type)}`);
    for (const [property, expected] of Object.entries(schema.properties ?? {})) {
      const actual = mine.properties?.[property];
      if (actual === undefined) problems.push(`${name}.${property} is missing`);
      else if (signature(actual) !== signature(expected)) {
        problems.push(`${name}.${property}: ${signature(actual)}, not ${signature(expected)}`);
      }
      if (actual !== undefined && expected.nullable !== actual.nullable) problems.push(`${name}.${property}: nullable differs`);
    }
  }
  t.deepEqual(problems, []);
});

test("every $ref of our definition resolves", (t) => {
  const refs = [...apiDefinition().matchAll(/\$ref: "#\/components\/(schemas|responses)\/(\w+)"/g)];
  t.true(refs.length > 50);
  const components = (ours as unknown as { components: Record<string, Record<string, unknown>> }).components;
  t.deepEqual(
    refs.filter(([, kind, name]) => components[kind!]?.[name!] === undefined).map(([ref]) => ref),
    [],
  );
});

test("our definition is written in our own words: no official descriptive sentence is reused", (t) => {
  const isSentence = (text: string) => text.split(/\s+/).length >= 5;
  const descriptions = (text: string) =>
    new Set([...text.matchAll(/description:\s*"([^"]+)"/g)].map(([, description]) => description!.toLowerCase()).filter(isSentence));
  const mine = apiDefinition().toLowerCase();
  const reused = [...descriptions(readFileSync(locateSpec(), "utf8"))].filter((description) => mine.includes(description));
  t.deepEqual(reused, []);
});

test("the definition is found from the compiled module, and a missing one is a clear error", (t) => {
  t.true(locateApiDefinition().endsWith("gateway/openapi/dcv-session-manager-api.yaml"));
  t.throws(() => locateApiDefinition("/"), { message: /API definition not found: no gateway\/openapi\/dcv-session-manager-api\.yaml/ });
});
