import test from "ava";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { httpsCall } from "./support/https-request.js";
import { createSession, describeServers, waitForServers, waitForState, type SessionJson } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";
import type { ApiClient } from "./support/api-client.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");

async function readySession(api: ApiClient, owner = "alice"): Promise<string> {
  await waitForServers(api, 1);
  const id = await createSession(api, { Name: "ops", Owner: owner, Type: "VIRTUAL" });
  await waitForState(api, id, "READY");
  return id;
}

test("UpdateSessionPermissions applies a base64 file on the agent, and checks owner and encoding", async (t) => {
  const { api } = await startTestStack(t);
  const id = await readySession(api);
  const response = await api.call("PUT", "/sessionPermissions", [
    { SessionId: id, Owner: "alice", PermissionsFile: b64("[groups]\n[permissions]\n%owner% allow builtin\n") },
    { SessionId: id, Owner: "mallory", PermissionsFile: b64("x") },
    { SessionId: id, Owner: "alice", PermissionsFile: "!!not base64!!" },
    { SessionId: "missing", Owner: "alice", PermissionsFile: b64("x") },
  ]);
  t.is(response.status, 200);
  const body = response.json as { SuccessfulList: unknown[]; UnsuccessfulList: { SessionId: string; FailureReason: string }[] };
  t.deepEqual(body.SuccessfulList, [{ SessionId: id }]);
  t.deepEqual(
    body.UnsuccessfulList.map((failure) => failure.FailureReason),
    [
      "The requested dcvSession does not exist",
      "PermissionsFile is not valid base64",
      "The requested dcvSession does not exist",
    ],
  );
});

test("GetSessionConnectionData returns the session and a token the broker's verifier accepts for that session only", async (t) => {
  const { api, stack } = await startTestStack(t);
  const id = await readySession(api);
  const response = await api.call("GET", `/sessionConnectionData/${id}/bob`);
  t.is(response.status, 200);
  const data = response.json as { Session: SessionJson; ConnectionToken: string };
  t.is(data.Session.Id, id);
  t.is(data.Session.State, "READY");
  const claims = JSON.parse(Buffer.from(data.ConnectionToken.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
  t.like(claims, { dcvSessionId: id, dcvSessionOwner: "alice", dcvSessionUser: "bob" });
  t.is((claims.exp as number) - (claims.iat as number), 3600);

  const ca = readFileSync(stack.quickstart.caFile, "utf8");
  const verify = async (sessionId: string, token: string) => {
    const result = await httpsCall({
      method: "POST",
      url: stack.quickstart.verifierUrl,
      ca,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ sessionId, authenticationToken: token, clientAddress: "203.0.113.7" }).toString(),
    });
    t.is(result.status, 200);
    t.regex(String(result.headers["content-type"]), /^text\/xml/);
    return result.text;
  };
  t.is(await verify(id, data.ConnectionToken), '<auth result="yes"><username>bob</username></auth>');
  t.regex(await verify("another-session", data.ConnectionToken), /^<auth result="no"><message>.+<\/message><\/auth>$/);
  t.regex(await verify(id, `${data.ConnectionToken}x`), /^<auth result="no">/);

  const missing = await api.call("GET", "/sessionConnectionData/no-such-session/bob");
  t.is(missing.status, 404);
});

test("GetSessionScreenshots returns a real image within the requested size, with the broker's defaults otherwise", async (t) => {
  const { api } = await startTestStack(t);
  const id = await readySession(api);
  const response = await api.call("POST", "/getSessionScreenshots", [
    { SessionId: id, MaxWidth: 320, MaxHeight: 320 },
    { SessionId: id },
    { SessionId: "unknown-session" },
  ]);
  t.is(response.status, 200);
  const body = response.json as {
    SuccessfulList: { SessionScreenshot: { SessionId: string; Images: { Format: string; Data: string; Primary: boolean }[] } }[];
    UnsuccessfulList: { GetSessionScreenshotRequestData: { SessionId: string }; FailureReason: string }[];
  };
  const sizes = body.SuccessfulList.map(({ SessionScreenshot }) => {
    const image = SessionScreenshot.Images[0]!;
    t.is(image.Format, "png");
    t.true(image.Primary);
    const png = Buffer.from(image.Data, "base64");
    t.is(png.subarray(1, 4).toString(), "PNG");
    const idat = png.indexOf("IDAT");
    t.true(inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length > 0);
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  });
  t.deepEqual(sizes, [
    [320, 180],
    [160, 90],
  ]);
  t.deepEqual(body.UnsuccessfulList, [{ GetSessionScreenshotRequestData: { SessionId: "unknown-session" }, FailureReason: "Dcv session not found." }]);
});

test("session-screenshot-format jpeg makes JPEG screenshots", async (t) => {
  const { api } = await startTestStack(t, { brokerProperties: { "session-screenshot-format": "jpeg" } });
  const id = await readySession(api);
  const response = await api.call("POST", "/getSessionScreenshots", [{ SessionId: id }]);
  const image = (response.json as { SuccessfulList: { SessionScreenshot: { Images: { Format: string; Data: string }[] } }[] })
    .SuccessfulList[0]!.SessionScreenshot.Images[0]!;
  t.is(image.Format, "jpeg");
  t.deepEqual([...Buffer.from(image.Data, "base64").subarray(0, 2)], [0xff, 0xd8]);
});

test("DescribeServers shows the full host; OpenServers and CloseServers report unknown servers and respect Force", async (t) => {
  const { api } = await startTestStack(t);
  await readySession(api);
  const [server] = await describeServers(api);
  t.like(server, { Availability: "AVAILABLE", VirtualSessionCount: 1, ConsoleSessionCount: 0 });
  const host = server!.Host as { Os: { Family: string }; Memory: { TotalBytes: number }; CpuInfo: { NumberOfCpus: number } };
  t.is(host.Os.Family, "linux");
  t.true(host.Memory.TotalBytes > 0);
  t.true(host.CpuInfo.NumberOfCpus > 0);

  const notFound = { FailureCode: "DCV_SERVER_NOT_FOUND", FailureReason: "Dcv server not found." };
  const closeWithoutForce = await api.call("POST", "/closeServers", [{ ServerId: server!.Id }, { ServerId: "nope" }]);
  const closeBody = closeWithoutForce.json as { SuccessfulList: unknown[]; UnsuccessfulList: Record<string, unknown>[] };
  t.deepEqual(closeBody.SuccessfulList, []);
  t.is(closeBody.UnsuccessfulList[0]?.FailureCode, "DCV_SERVER_NOT_EMPTY");
  t.deepEqual(closeBody.UnsuccessfulList[1], { CloseServerRequestData: { ServerId: "nope" }, ...notFound });

  const forced = await api.call("POST", "/closeServers", [{ ServerId: server!.Id, Force: true }]);
  t.deepEqual((forced.json as { SuccessfulList: unknown[] }).SuccessfulList, [{ ServerId: server!.Id }]);
  t.is((await describeServers(api))[0]?.UnavailabilityReason, "SERVER_CLOSED");

  const opened = await api.call("POST", "/openServers", [{ ServerId: server!.Id }, { ServerId: "nope" }]);
  t.deepEqual(opened.json, {
    RequestId: (opened.json as { RequestId: string }).RequestId,
    SuccessfulList: [{ ServerId: server!.Id }],
    UnsuccessfulList: [{ OpenServerRequestData: { ServerId: "nope" }, ...notFound }],
  });
  t.is((await describeServers(api))[0]?.Availability, "AVAILABLE");
});
