import { Code, ConnectError } from "@connectrpc/connect";
import test, { type ExecutionContext } from "ava";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "../common/logger.js";
import { FIELD_HEADER } from "../common/wire-headers.js";
import { createGatewayApp } from "../gateway/app.js";
import type { BrokerClient } from "../gateway/broker-client.js";
import { assertErrorBody, assertValidResponse, type HttpMethod } from "./support/openapi.js";

interface BrokerCall {
  method: string;
  request: unknown;
  authorization: string | undefined;
}

type Answer = (request: unknown) => unknown;

/** A broker client whose methods answer from `answers` (UNIMPLEMENTED otherwise) and record every call. */
function fakeBroker(answers: Record<string, Answer>): { broker: BrokerClient; calls: BrokerCall[] } {
  const calls: BrokerCall[] = [];
  const broker = new Proxy(
    {},
    {
      get: (_target, method: string) => async (request: unknown, options?: { headers?: Record<string, string> }) => {
        calls.push({ method, request, authorization: options?.headers?.authorization });
        const answer = answers[method];
        if (answer === undefined) throw new ConnectError(`${method} is not implemented yet`, Code.Unimplemented);
        return answer(request);
      },
    },
  ) as BrokerClient;
  return { broker, calls };
}

async function startGateway(t: ExecutionContext, answers: Record<string, Answer>) {
  const { broker, calls } = fakeBroker(answers);
  const app = createGatewayApp(
    { broker },
    { throttling: { maxRequestsPerSecond: 1000, useForwardedFor: false } },
    createLogger({ name: "gateway", level: "silent" }),
  );
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Calls the gateway as a client with a token would; 200 bodies must match the official definition. */
  const call = async (method: HttpMethod, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: "Bearer token", "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status === 200) assertValidResponse(method, path, 200, json);
    else assertErrorBody(json);
    return { status: response.status, json, headers: response.headers };
  };
  return { url, call, calls };
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

test("PUT /sessionPermissions passes each item and the caller's token to the broker", async (t) => {
  const { call, calls } = await startGateway(t, {
    updateSessionPermissions: () => ({ successfulList: [{ sessionId: "s1" }], unsuccessfulList: [] }),
  });
  const response = await call("PUT", "/sessionPermissions", [{ SessionId: "s1", Owner: "alice", PermissionsFile: "W3Blcm1pc3Npb25zXQ==" }]);
  t.is(response.status, 200);
  t.regex(response.json.RequestId as string, REQUEST_ID);
  t.deepEqual(response.json.SuccessfulList, [{ SessionId: "s1" }]);
  t.like(calls[0], { method: "updateSessionPermissions", authorization: "Bearer token" });
  t.like(calls[0]?.request, { items: [{ sessionId: "s1", owner: "alice", permissionsFile: "W3Blcm1pc3Npb25zXQ==" }] });
});

test("POST /getSessionScreenshots passes sizes, leaving absent ones absent and capping huge ones", async (t) => {
  const { call, calls } = await startGateway(t, { getSessionScreenshots: () => ({ successfulList: [], unsuccessfulList: [] }) });
  const response = await call("POST", "/getSessionScreenshots", [
    { SessionId: "s1", MaxWidth: 800, MaxHeight: null },
    { SessionId: "s2", MaxWidth: 1e12 },
  ]);
  t.is(response.status, 200);
  t.deepEqual(calls[0]?.request, {
    items: [
      { sessionId: "s1", maxWidth: 800, maxHeight: undefined },
      { sessionId: "s2", maxWidth: 0xffff_ffff, maxHeight: undefined },
    ],
  });
});

test("POST /describeServers accepts no body and returns NextToken only when there is one", async (t) => {
  const { call, calls } = await startGateway(t, { describeServers: () => ({ servers: [], nextToken: "" }) });
  const response = await call("POST", "/describeServers");
  t.is(response.status, 200);
  t.deepEqual(Object.keys(response.json).sort(), ["RequestId", "Servers"]);
  await call("POST", "/describeServers", { ServerIds: ["a"], MaxResults: 5, NextToken: "n" });
  t.like(calls[1]?.request, { serverIds: ["a"], maxResults: 5, nextToken: "n" });
});

test("POST /openServers and /closeServers pass ServerId and Force", async (t) => {
  const empty = () => ({ successfulList: [], unsuccessfulList: [] });
  const { call, calls } = await startGateway(t, { openServers: empty, closeServers: empty });
  t.is((await call("POST", "/openServers", [{ ServerId: "a" }])).status, 200);
  t.is((await call("POST", "/closeServers", [{ ServerId: "a", Force: true }, { ServerId: "b" }])).status, 200);
  t.deepEqual(calls[0]?.request, { items: [{ serverId: "a" }] });
  t.deepEqual(calls[1]?.request, { items: [{ serverId: "a", force: true }, { serverId: "b", force: undefined }] });
});

test("GET /sessionConnectionData URL-decodes its parameters", async (t) => {
  const { call, calls } = await startGateway(t, {
    getSessionConnectionData: () => ({ session: { id: "s 1", owner: "alice" }, connectionToken: "tok" }),
  });
  const response = await call("GET", "/sessionConnectionData/s%201/CORP%5Calice");
  t.is(response.status, 200);
  t.deepEqual(response.json, { Session: { Id: "s 1", Owner: "alice" }, ConnectionToken: "tok" });
  t.deepEqual(calls[0]?.request, { sessionId: "s 1", user: "CORP\\alice" });
});

test("GET /sessionConnectionData with an empty or undecodable parameter is a 400 naming it", async (t) => {
  const { call, calls } = await startGateway(t, {});
  const emptySession = await call("GET", "/sessionConnectionData//alice");
  t.is(emptySession.status, 400);
  t.is(emptySession.json.field, "sessionId");
  const emptyUser = await call("GET", "/sessionConnectionData/s1/");
  t.is(emptyUser.status, 400);
  t.is(emptyUser.json.field, "user");
  const badEncoding = await call("GET", "/sessionConnectionData/%E0%A4%A/alice");
  t.is(badEncoding.status, 400);
  t.is(badEncoding.json.field, "sessionId");
  t.is(calls.length, 0);
});

test("a body that is not application/json is a 415; a charset parameter is fine", async (t) => {
  const { call } = await startGateway(t, { openServers: () => ({ successfulList: [], unsuccessfulList: [] }) });
  const text = await call("POST", "/openServers", '[{"ServerId":"a"}]', { "content-type": "text/plain" });
  t.is(text.status, 415);
  const form = await call("PUT", "/sessionPermissions", "a=b", { "content-type": "application/x-www-form-urlencoded" });
  t.is(form.status, 415);
  const withCharset = await call("POST", "/openServers", [{ ServerId: "a" }], { "content-type": "application/json; charset=utf-8" });
  t.is(withCharset.status, 200);
});

test("broker errors go through the error table; a field the broker names is passed on", async (t) => {
  const { call } = await startGateway(t, {
    updateSessionPermissions: () => {
      throw new ConnectError("PermissionsFile is not base64", Code.InvalidArgument, { [FIELD_HEADER]: "[0].PermissionsFile" });
    },
    getSessionConnectionData: () => {
      throw new ConnectError("The requested dcvSession does not exist", Code.NotFound);
    },
  });
  const invalid = await call("PUT", "/sessionPermissions", [{ SessionId: "s", Owner: "o", PermissionsFile: "!" }]);
  t.deepEqual([invalid.status, invalid.json], [400, { error: "PermissionsFile is not base64", field: "[0].PermissionsFile" }]);
  const missing = await call("GET", "/sessionConnectionData/s/alice");
  t.is(missing.status, 404);
  const notYet = await call("POST", "/describeServers", {});
  t.is(notYet.status, 501);
});

test("new operations need a bearer token; the definition and the health check do not", async (t) => {
  const { call, url } = await startGateway(t, {
    describeServers: () => {
      throw new ConnectError("No authorization header", Code.Unauthenticated);
    },
  });
  for (const [method, path] of [
    ["PUT", "/sessionPermissions"],
    ["POST", "/getSessionScreenshots"],
    ["POST", "/describeServers"],
    ["POST", "/openServers"],
    ["POST", "/closeServers"],
  ] as const) {
    const response = await call(method, path, [], { authorization: "" });
    t.deepEqual([response.status, response.json], [401, { error: "No authorization header" }], path);
  }
  const definition = await fetch(`${url}/dcv-session-manager-api.yaml`);
  t.is(definition.status, 200);
  t.regex(definition.headers.get("content-type") ?? "", /^application\/yaml/);
  t.regex(await definition.text(), /^openapi: "3\.0\.0"/);
  const health = await fetch(`${url}/health`);
  t.deepEqual([health.status, await health.json()], [200, { status: "ok" }]);
});
