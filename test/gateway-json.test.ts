import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import test from "ava";
import {
  Availability,
  CloseServersResponseSchema,
  DescribeServersResponseSchema,
  GetSessionConnectionDataResponseSchema,
  GetSessionScreenshotsResponseSchema,
  ImageFormat,
  OpenServersResponseSchema,
  SessionState,
  UnavailabilityReason,
  UpdateSessionPermissionsResponseSchema,
} from "../gen/es/dcvsm/api/v1/api_pb.js";
import { SessionType, Transport } from "../gen/es/dcvsm/fleet/v1/fleet_pb.js";
import { sessionConnectionDataJson } from "../gateway/json/connection-data-json.js";
import { sessionPermissionsJson } from "../gateway/json/permissions-json.js";
import { sessionScreenshotsJson } from "../gateway/json/screenshot-json.js";
import { closeServersJson, openServersJson } from "../gateway/json/server-batch-json.js";
import { serverJson } from "../gateway/json/server-json.js";
import { assertValidResponse } from "./support/openapi.js";

const REQUEST_ID = "5f1b4c0e-8d2a-4d2b-9c39-0b6f5d7f2a11";
const created = timestampFromDate(new Date("2021-03-30T15:47:06.822Z"));

const server = {
  id: "server-1",
  ip: "10.0.0.5",
  hostname: "node001",
  port: "8443",
  endpoints: [
    { ipAddress: "10.0.0.5", port: 8443, webUrlPath: "/", protocol: Transport.HTTP },
    { ipAddress: "10.0.0.5", port: 8443, protocol: Transport.QUIC },
  ],
  webUrlPath: "/",
  version: "2023.1.16388",
  sessionManagerAgentVersion: "0.1.0",
  availability: Availability.UNAVAILABLE,
  unavailabilityReason: UnavailabilityReason.SERVER_CLOSED,
  consoleSessionCount: 0,
  virtualSessionCount: 2,
  host: {
    os: { family: "linux", name: "Rocky Linux", version: "9.3", kernelVersion: "5.14.0" },
    memory: { totalBytes: 34_359_738_368n, usedBytes: 2_147_483_648n },
    swap: { totalBytes: 0n, usedBytes: 0n },
    cpuInfo: { vendor: "GenuineIntel", modelName: "Xeon", architecture: "x86_64", numberOfCpus: 8, physicalCoresPerCpu: 4 },
    cpuLoadAverage: { oneMinute: 0.5, fiveMinutes: 0.25, fifteenMinutes: 0.125 },
    gpus: [{ vendor: "NVIDIA Corporation", modelName: "Tesla T4" }],
    loggedInUsers: [{ username: "alice" }],
  },
  tags: [{ key: "dcv:os-family", value: "linux" }],
};

test("DescribeServers: every server member maps to its documented key and type", (t) => {
  const response = create(DescribeServersResponseSchema, { servers: [server], nextToken: "page-2" });
  const body = { RequestId: REQUEST_ID, Servers: response.servers.map(serverJson), NextToken: response.nextToken };
  assertValidResponse("POST", "/describeServers", 200, body);
  const [json] = body.Servers;
  t.is(json?.Availability, "UNAVAILABLE");
  t.is(json?.UnavailabilityReason, "SERVER_CLOSED");
  t.is(json?.Host?.Memory?.TotalBytes, 34_359_738_368);
  t.deepEqual(json?.Endpoints?.map((endpoint) => endpoint.Protocol), ["HTTP", "QUIC"]);
});

test("GetSessionScreenshots: Data is base64, Format lowercase, CreationTime ISO with milliseconds, failures echo the request", (t) => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const response = create(GetSessionScreenshotsResponseSchema, {
    successfulList: [
      {
        sessionScreenshot: {
          sessionId: "session-1",
          images: [
            { format: ImageFormat.PNG, data: png, creationTime: created, primary: true },
            { format: ImageFormat.JPEG, data: new Uint8Array([0xff, 0xd8]), creationTime: created, primary: false },
          ],
        },
      },
    ],
    unsuccessfulList: [
      { getSessionScreenshotRequestData: { sessionId: "session-2", maxWidth: 800 }, failureReason: "Dcv session not found." },
    ],
  });
  const body = { RequestId: REQUEST_ID, ...sessionScreenshotsJson(response) };
  assertValidResponse("POST", "/getSessionScreenshots", 200, body);
  t.deepEqual(body.SuccessfulList[0]?.SessionScreenshot?.Images, [
    { Format: "png", Data: Buffer.from(png).toString("base64"), CreationTime: "2021-03-30T15:47:06.822Z", Primary: true },
    { Format: "jpeg", Data: "/9g=", CreationTime: "2021-03-30T15:47:06.822Z", Primary: false },
  ]);
  t.deepEqual(body.UnsuccessfulList, [
    { GetSessionScreenshotRequestData: { SessionId: "session-2", MaxWidth: 800 }, FailureReason: "Dcv session not found." },
  ]);
});

test("OpenServers and CloseServers echo the request under their own key, with FailureCode", (t) => {
  const failure = { failureCode: "DCV_SERVER_NOT_FOUND", failureReason: "Dcv server not found." };
  const opened = create(OpenServersResponseSchema, {
    successfulList: [{ serverId: "server-1" }],
    unsuccessfulList: [{ openServerRequestData: { serverId: "server-2" }, ...failure }],
  });
  const openBody = { RequestId: REQUEST_ID, ...openServersJson(opened) };
  assertValidResponse("POST", "/openServers", 200, openBody);
  t.deepEqual(openBody.UnsuccessfulList, [
    { OpenServerRequestData: { ServerId: "server-2" }, FailureCode: "DCV_SERVER_NOT_FOUND", FailureReason: "Dcv server not found." },
  ]);

  const closed = create(CloseServersResponseSchema, {
    successfulList: [{ serverId: "server-1" }],
    unsuccessfulList: [
      { closeServerRequestData: { serverId: "server-2", force: true }, ...failure },
      { closeServerRequestData: { serverId: "server-3" }, failureReason: "Server has running sessions" },
    ],
  });
  const closeBody = { RequestId: REQUEST_ID, ...closeServersJson(closed) };
  assertValidResponse("POST", "/closeServers", 200, closeBody);
  t.deepEqual(closeBody.UnsuccessfulList, [
    { CloseServerRequestData: { ServerId: "server-2", Force: true }, FailureCode: "DCV_SERVER_NOT_FOUND", FailureReason: "Dcv server not found." },
    { CloseServerRequestData: { ServerId: "server-3" }, FailureReason: "Server has running sessions" },
  ]);
});

test("UpdateSessionPermissions lists session ids", (t) => {
  const response = create(UpdateSessionPermissionsResponseSchema, {
    successfulList: [{ sessionId: "session-1" }],
    unsuccessfulList: [{ sessionId: "session-2", failureReason: "The requested dcvSession does not exist" }],
  });
  const body = { RequestId: REQUEST_ID, ...sessionPermissionsJson(response) };
  assertValidResponse("PUT", "/sessionPermissions", 200, body);
  t.deepEqual(body.SuccessfulList, [{ SessionId: "session-1" }]);
});

test("GetSessionConnectionData carries the session and the token", (t) => {
  const response = create(GetSessionConnectionDataResponseSchema, {
    session: {
      id: "session-1",
      name: "desk",
      owner: "alice",
      server,
      type: SessionType.VIRTUAL,
      state: SessionState.READY,
      creationTime: created,
      numOfConnections: 0,
    },
    connectionToken: "header.payload.signature",
  });
  const body = sessionConnectionDataJson(response);
  assertValidResponse("GET", "/sessionConnectionData/session-1/alice", 200, body);
  t.is(body.ConnectionToken, "header.payload.signature");
  t.is(body.Session?.State, "READY");
  t.is(body.Session?.CreationTime, "2021-03-30T15:47:06.822Z");
});
