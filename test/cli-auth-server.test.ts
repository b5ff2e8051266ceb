import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writePrivateFile } from "../certs/private-file.js";
import { adminCli, describedList } from "./support/admin-cli.js";
import type { ApiClient } from "./support/api-client.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor, withDeadline } from "./support/wait-for.js";

/** The regex the original's installer parses register-api-client's output with. */
const INSTALLER_CREDENTIALS = /client-id: (.*?)\n.*?client-password: (.*?)\n/;

interface DescribedClient {
  name: string;
  id: string;
  active: boolean;
}

async function accessToken(api: ApiClient, clientId: string, clientSecret: string): Promise<string> {
  const response = await api.requestToken(clientId, clientSecret);
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
  return (response.json as { access_token: string }).access_token;
}

const describeSessionsStatus = async (api: ApiClient, token: string) =>
  (await api.call("POST", "/describeSessions", {}, `Bearer ${token}`)).status;

const keyIdOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as { kid: string }).kid;

test("register-api-client prints credentials the installer parses and that get a token; describe-api-clients shows no secret; unregister-api-client revokes at once", async (t) => {
  const { home, api } = await startTestStack(t);

  const registered = await adminCli(["register-api-client", "--client-name", "portal"], { home });
  t.is(registered.code, 0, registered.stderr);
  const [, clientId, clientSecret] = INSTALLER_CREDENTIALS.exec(registered.stdout) ?? [];
  t.truthy(clientId);
  t.is(registered.stdout, `client-id: ${clientId}\nclient-password: ${clientSecret}\n`);
  const token = await accessToken(api, clientId!, clientSecret!);
  t.is(await describeSessionsStatus(api, token), 200);

  const described = await adminCli(["describe-api-clients"], { home });
  t.deepEqual(
    describedList<DescribedClient>(described, "Api clients").find((client) => client.id === clientId),
    { name: "portal", id: clientId!, active: true },
  );
  t.false(described.stdout.includes(clientSecret!));
  t.regex(described.stdout, /^ {2}"name" : "portal",$/m, "laid out as the original prints it");

  const unregistered = await adminCli(["unregister-api-client", "--client-id", clientId!], { home });
  t.is(unregistered.stdout, `Client ${clientId} unregistered.\n`);
  t.is(await describeSessionsStatus(api, token), 401, "the token it already had stops working");
  t.is((await api.requestToken(clientId!, clientSecret!)).status, 401);
  t.false(describedList<DescribedClient>(await adminCli(["describe-api-clients"], { home }), "Api clients").find((client) => client.id === clientId)!.active);

  const unknown = await adminCli(["unregister-api-client", "--client-id", "no-such-client"], { home });
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /no-such-client/);
});

test("renew-auth-server-api-key: the running broker signs with a new key and still accepts tokens signed with the old one", async (t) => {
  const { home, api } = await startTestStack(t);
  const { clientId, clientSecret } = api.quickstart;
  const oldToken = await accessToken(api, clientId, clientSecret);

  const renewed = await adminCli(["renew-auth-server-api-key"], { home });
  t.is(renewed.stdout, "Keys renewed.\n");
  const newToken = await withDeadline(
    "the broker to sign with the renewed key",
    waitFor("a token with another key id", async () => {
      const token = await accessToken(api, clientId, clientSecret);
      return keyIdOf(token) === keyIdOf(oldToken) ? undefined : token;
    }),
    2000,
  );
  t.is(await describeSessionsStatus(api, newToken), 200);
  t.is(await describeSessionsStatus(api, oldToken), 200);
});

test("the CLI works with no broker running, on a fresh home named by DCVSM_HOME or by the configuration file", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-cli-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));

  t.regex((await adminCli(["register-api-client", "--client-name", "offline"], { home })).stdout, INSTALLER_CREDENTIALS);
  t.is((await adminCli(["renew-auth-server-api-key"], { home })).stdout, "Keys renewed.\n");
  t.is((await adminCli(["describe-agent-clients"], { home })).stdout, "Session manager agent clients\n[ ]\n");

  const config = join(home, "session-manager-broker.properties");
  writePrivateFile(config, `session-manager-working-path = ${home}\n`);
  const viaFile = await adminCli(["--config", config, "describe-api-clients"]);
  t.deepEqual(
    describedList<DescribedClient>(viaFile, "Api clients").map((client) => client.name),
    ["offline"],
  );
  const viaEnvironment = await adminCli(["describe-api-clients"], { env: { DCVSM_BROKER_CONFIG: config } });
  t.is(viaEnvironment.stdout, viaFile.stdout);
});

test("an unknown command, an unknown option or a missing option prints the usage on stderr and exits with 2", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-cli-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  for (const args of [[], ["no-such-command"], ["describe-api-clients", "--verbose"], ["register-api-client"], ["generate-software-statement", "--max-uses", "0"]]) {
    const result = await adminCli(args, { home });
    t.is(result.code, 2, args.join(" "));
    t.is(result.stdout, "");
    t.regex(result.stderr, /usage: dcv-session-manager-broker/);
  }
});
