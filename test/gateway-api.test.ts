import test from "ava";
import { readFileSync } from "node:fs";
import { httpsCall } from "./support/https-request.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor } from "./support/wait-for.js";

test("each new operation answers a malformed request with a 400 naming the field", async (t) => {
  const { api } = await startTestStack(t);
  const cases = [
    ["PUT", "/sessionPermissions", [{ SessionId: "s", Owner: "alice" }], "[0].PermissionsFile"],
    ["POST", "/getSessionScreenshots", [{ SessionId: "s", MaxWidth: 0 }], "[0].MaxWidth"],
    ["POST", "/getSessionScreenshots", [{ MaxHeight: 600 }], "[0].SessionId"],
    ["POST", "/describeServers", { MaxResults: 1001 }, "MaxResults"],
    ["POST", "/describeServers", { ServerID: ["a"] }, "ServerID"],
    ["POST", "/openServers", [{ Id: "a" }], "[0].Id"],
    ["POST", "/closeServers", [{ ServerId: "a", Force: "yes" }], "[0].Force"],
    ["GET", "/sessionConnectionData/%20x/", undefined, "user"],
  ] as const;
  for (const [method, path, body, field] of cases) {
    const response = await api.call(method, path, body);
    t.is(response.status, 400, `${method} ${path}`);
    t.is((response.json as { field?: string }).field, field, `${method} ${path}`);
  }
});

test("a request body that is not JSON is a 415", async (t) => {
  const { api } = await startTestStack(t);
  const response = await httpsCall({
    method: "POST",
    url: `${api.quickstart.url}/openServers`,
    ca: readFileSync(api.quickstart.caFile, "utf8"),
    headers: { authorization: `Bearer ${await api.token()}`, "content-type": "text/plain" },
    body: '[{"ServerId":"a"}]',
  });
  t.is(response.status, 415);
  t.regex((response.json as { error: string }).error, /application\/json/);
});

test("the health check reports the broker reachable, and the API definition is served without a token", async (t) => {
  const { api } = await startTestStack(t);
  const ca = readFileSync(api.quickstart.caFile, "utf8");
  const health = await httpsCall({ method: "GET", url: `${api.quickstart.url}/health`, ca });
  t.deepEqual([health.status, health.json], [200, { status: "ok" }]);
  const definition = await httpsCall({ method: "GET", url: `${api.quickstart.url}/dcv-session-manager-api.yaml`, ca });
  t.is(definition.status, 200);
  t.regex(String(definition.headers["content-type"]), /^application\/yaml/);
  t.true(definition.text.includes("/sessionConnectionData/{sessionId}/{user}:"));
});

test("a burst over max-api-requests-per-second is answered 429 with Retry-After; the health check is not counted", async (t) => {
  const { api } = await startTestStack(t, { brokerProperties: { "max-api-requests-per-second": 3 } });
  await api.token();
  const burst = await Promise.all(Array.from({ length: 20 }, () => api.call("POST", "/describeSessions", {})));
  const refused = burst.filter((response) => response.status === 429);
  t.true(refused.length > 0, `statuses: ${burst.map((response) => response.status).join(",")}`);
  t.deepEqual(refused[0]?.json, { error: "Too many requests" });
  t.regex(String(refused[0]?.headers["retry-after"]), /^[1-9]\d*$/);

  const ca = readFileSync(api.quickstart.caFile, "utf8");
  const health = await Promise.all(Array.from({ length: 10 }, () => httpsCall({ method: "GET", url: `${api.quickstart.url}/health`, ca })));
  t.deepEqual(new Set(health.map((response) => response.status)), new Set([200]));

  const refilled = await waitFor("the caller's bucket to refill", async () => {
    const response = await api.call("POST", "/describeSessions", {});
    return response.status === 200 ? response : undefined;
  });
  t.is(refilled.status, 200);
});
