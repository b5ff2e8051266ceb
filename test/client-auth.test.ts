import test from "ava";
import { startTestStack } from "./support/test-stack.js";

test("the token endpoint answers 401 to a wrong client secret and to an unknown client", async (t) => {
  const { api } = await startTestStack(t);
  const wrongSecret = await api.requestToken(api.quickstart.clientId, "not-the-secret");
  t.is(wrongSecret.status, 401);
  t.is((wrongSecret.json as { error: string }).error, "invalid_client");
  const unknownClient = await api.requestToken("00000000-0000-0000-0000-000000000000", "whatever");
  t.is(unknownClient.status, 401);
});

test("API calls without an Authorization header get the documented 401 body, which installers probe for", async (t) => {
  const { api } = await startTestStack(t);
  const probe = await api.call("GET", "/sessionConnectionData/aSession/aOwner", undefined, null);
  t.is(probe.status, 401);
  t.deepEqual(probe.json, { error: "No authorization header" });
  const describe = await api.call("POST", "/describeSessions", {}, null);
  t.is(describe.status, 401);
  t.deepEqual(describe.json, { error: "No authorization header" });
});

test("a token that the broker did not sign is refused", async (t) => {
  const { api } = await startTestStack(t);
  const forged = [
    Buffer.from(JSON.stringify({ alg: "RS256", kid: "x", typ: "JWT" })).toString("base64url"),
    Buffer.from(JSON.stringify({ sub: api.quickstart.clientId, exp: 4102444800 })).toString("base64url"),
    "c2lnbmF0dXJl",
  ].join(".");
  const response = await api.call("POST", "/describeSessions", {}, `Bearer ${forged}`);
  t.is(response.status, 401);
});

test("a malformed request body is a 400 that names the field, and changes nothing", async (t) => {
  const { api } = await startTestStack(t);
  const wrongType = await api.call("POST", "/createSessions", [{ Name: "x", Owner: "alice", Type: "PHYSICAL" }]);
  t.is(wrongType.status, 400);
  t.is((wrongType.json as { field: string }).field, "[0].Type");
  const unknownField = await api.call("POST", "/describeSessions", { SessionID: ["a"] });
  t.is(unknownField.status, 400);
  t.is((unknownField.json as { field: string }).field, "SessionID");
  const listed = await api.call("POST", "/describeSessions", {});
  t.deepEqual((listed.json as { Sessions: unknown[] }).Sessions, []);
});
