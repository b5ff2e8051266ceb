import test from "ava";
import jpeg from "jpeg-js";
import { type CreateSessionCommand, FailureCode, ImageFormat } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionType } from "../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import { DcvBackendError } from "../agent/backend/dcv-backend.js";
import { SimulatedBackend, type SimulatedHost } from "../agent/backend/simulated-backend.js";

const HOST: SimulatedHost = { ipAddress: "192.0.2.10", display: { width: 1920, height: 1080 }, users: [] };

function request(sessionId: string, type: SessionType, owner = "alice"): CreateSessionCommand {
  return {
    sessionId,
    name: sessionId,
    owner,
    type,
    initFile: "",
    autorunFile: "",
    autorunFileArguments: [],
    permissionsFile: "",
    storageRoot: "",
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: FailureCode; message: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DcvBackendError)) throw new Error(`expected a DcvBackendError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

test("one console session per host, never alongside virtual sessions", async (t) => {
  const backend = new SimulatedBackend(HOST);
  await backend.createSession(request("console", SessionType.SESSION_TYPE_CONSOLE));
  t.like(await failure(backend.createSession(request("console-2", SessionType.SESSION_TYPE_CONSOLE))), {
    code: FailureCode.FAILURE_CODE_INVALID_ARGUMENT,
    message: "Could not create session: a console session is already running on this host",
  });
  t.like(await failure(backend.createSession(request("virtual", SessionType.SESSION_TYPE_VIRTUAL))), {
    code: FailureCode.FAILURE_CODE_INVALID_ARGUMENT,
  });
  await backend.closeSession("console");
  await backend.createSession(request("virtual", SessionType.SESSION_TYPE_VIRTUAL));
  t.like(await failure(backend.createSession(request("console", SessionType.SESSION_TYPE_CONSOLE))), {
    code: FailureCode.FAILURE_CODE_INVALID_ARGUMENT,
    message: "Could not create session: a console session cannot run alongside virtual sessions",
  });
});

test("a session type is required", async (t) => {
  const backend = new SimulatedBackend(HOST);
  t.like(await failure(backend.createSession(request("s", SessionType.SESSION_TYPE_UNSPECIFIED))), {
    code: FailureCode.FAILURE_CODE_INVALID_ARGUMENT,
  });
});

test("only the configured users exist", async (t) => {
  const backend = new SimulatedBackend({ ...HOST, users: ["alice"] });
  await backend.createSession(request("mine", SessionType.SESSION_TYPE_VIRTUAL, "alice"));
  t.deepEqual(await failure(backend.createSession(request("theirs", SessionType.SESSION_TYPE_VIRTUAL, "mallory"))), {
    code: FailureCode.FAILURE_CODE_UNKNOWN_USER,
    message: "Could not create session: user 'mallory' does not exist",
  });
  t.deepEqual(
    (await backend.listSessions()).map((session) => session.id),
    ["mine"],
  );
});

test("unknown sessions are reported as not found", async (t) => {
  const backend = new SimulatedBackend(HOST);
  const notFound = { code: FailureCode.FAILURE_CODE_SESSION_NOT_FOUND };
  t.like(await failure(backend.closeSession("nope")), notFound);
  t.like(await failure(backend.setPermissions("nope", "")), notFound);
  t.like(await failure(backend.screenshot("nope", 0, 0, ImageFormat.IMAGE_FORMAT_PNG)), notFound);
});

test("permissions are kept as text", async (t) => {
  const backend = new SimulatedBackend(HOST);
  await backend.createSession({ ...request("s", SessionType.SESSION_TYPE_VIRTUAL), permissionsFile: "[permissions]\n" });
  t.is(backend.permissionsOf("s"), "[permissions]\n");
  await backend.setPermissions("s", "%owner% allow builtin\n");
  t.is(backend.permissionsOf("s"), "%owner% allow builtin\n");
});

test("a screenshot is one primary image fitted to the display", async (t) => {
  const backend = new SimulatedBackend({ ...HOST, display: { width: 1280, height: 800 } });
  await backend.createSession(request("s", SessionType.SESSION_TYPE_VIRTUAL));
  const images = await backend.screenshot("s", 320, 320, ImageFormat.IMAGE_FORMAT_JPEG);
  t.is(images.length, 1);
  const [image] = images;
  t.true(image?.primary);
  t.is(image?.format, ImageFormat.IMAGE_FORMAT_JPEG);
  t.true(image?.creationTime instanceof Date);
  const decoded = jpeg.decode(image!.data);
  t.deepEqual([decoded.width, decoded.height], [320, 200]);
});
