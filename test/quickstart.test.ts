import test from "ava";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { QuickstartFile } from "../quickstart/prepare-home.js";
import { ApiClient } from "./support/api-client.js";
import { waitFor, withDeadline } from "./support/wait-for.js";

const QUICKSTART = resolve("dist/quickstart/main.js");

interface Running {
  child: ChildProcess;
  output: () => string;
  quickstart: QuickstartFile;
}

/** Starts `npm start`'s entry point on free ports and waits until it says it is running. */
async function startQuickstart(home: string): Promise<Running> {
  const child = spawn(process.execPath, [QUICKSTART], {
    env: {
      ...process.env,
      DCVSM_HOME: home,
      DCVSM_CLIENT_PORT: "0",
      DCVSM_AGENT_PORT: "0",
      DCVSM_GATEWAY_PORT: "0",
      DCVSM_INTERNAL_PORT: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor("the quickstart to report it is running", () => {
    if (child.exitCode !== null) throw new Error(`quickstart exited early:\n${output}`);
    return output.includes("is running") ? true : undefined;
  }, { timeoutMs: 60_000 });
  const quickstart = JSON.parse(readFileSync(join(home, "quickstart.json"), "utf8")) as QuickstartFile;
  return { child, output: () => output, quickstart };
}

/** Sends `signal` and waits, at most the documented 5 s, for the launcher to exit; resolves with its exit code. */
function stop(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(running.child, "exit").then(([code]) => code as number | null);
  running.child.kill(signal);
  return withDeadline(`the quickstart to stop after ${signal}`, exited, 5_000);
}

const mode = (path: string) => statSync(path).mode & 0o777;

test("npm start runs the stack, writes quickstart.json privately, keeps the secret off the terminal, and a restart reuses CA, client and data", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-quickstart-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));

  const first = await startQuickstart(home);
  t.teardown(() => first.child.kill("SIGKILL"));
  t.deepEqual(Object.keys(first.quickstart).sort(), ["agentEndpoint", "caFile", "clientId", "clientSecret", "url", "verifierUrl"]);
  t.is(mode(join(home, "quickstart.json")), 0o600);
  t.is(mode(join(home, "security", "ca.key")), 0o600);
  t.is(mode(join(home, "agent", "agent.key")), 0o600);
  t.true(first.quickstart.caFile.startsWith("/"));
  t.false(first.output().includes(first.quickstart.clientSecret), "the secret is never printed");
  t.true(first.output().includes(`curl`), "it prints how to call the API");

  const api = new ApiClient(first.quickstart);
  const created = await api.call("POST", "/createSessions", [{ Name: "survives", Owner: "bob", Type: "VIRTUAL" }]);
  const id = (created.json as { SuccessfulList: { Id: string }[] }).SuccessfulList[0]!.Id;
  const caBefore = readFileSync(first.quickstart.caFile, "utf8");
  t.is(await stop(first, "SIGTERM"), 0);
  await t.throwsAsync(() => api.requestToken(), { code: "ECONNREFUSED" }, "the gateway stopped with the launcher");

  const second = await startQuickstart(home);
  t.teardown(() => second.child.kill("SIGKILL"));
  t.is(second.quickstart.clientId, first.quickstart.clientId);
  t.is(second.quickstart.clientSecret, first.quickstart.clientSecret);
  t.is(readFileSync(second.quickstart.caFile, "utf8"), caBefore);
  const described = await new ApiClient(second.quickstart).call("POST", "/describeSessions", { SessionIds: [id] });
  t.is((described.json as { Sessions: { Id: string }[] }).Sessions[0]?.Id, id);
  t.is(await stop(second, "SIGINT"), 0);
});

test("when the launcher is killed outright, the broker, gateway and agent it started stop by themselves", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-quickstart-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const running = await startQuickstart(home);
  const api = new ApiClient(running.quickstart);
  t.is((await api.requestToken()).status, 200);
  running.child.kill("SIGKILL");
  const refused = await waitFor("the gateway to stop after its launcher died", async () => {
    try {
      await api.requestToken();
      return undefined;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code;
    }
  }, { timeoutMs: 10_000 });
  t.is(refused, "ECONNREFUSED");
});
