import { credentials, status, type ServiceError } from "@grpc/grpc-js";
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCertificateRequest } from "../certs/csr.js";
import { AgentServiceClient } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { adminCli, describedList } from "./support/admin-cli.js";
import { describeServers, waitForServers } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor, withDeadline } from "./support/wait-for.js";

interface DescribedStatement {
  id: string;
  active: boolean;
  issuedAt: string;
  expiresAt?: string;
  maxUses?: number;
  uses: number;
}

const STATEMENT_LINE = /^software-statement: (\S+)\n$/;

function register(client: AgentServiceClient, softwareStatement: string): Promise<ServiceError | null> {
  const { csrPem } = createCertificateRequest("cli-agent");
  return new Promise((resolve) => client.register({ softwareStatement, csrPem, name: "cli-agent" }, (error) => resolve(error)));
}

test("generate, describe and deactivate software statements: a deactivated statement cannot enrol", async (t) => {
  const { home, stack } = await startTestStack(t);
  const agents = new AgentServiceClient(
    stack.quickstart.agentEndpoint,
    credentials.createSsl(readFileSync(stack.quickstart.caFile)),
  );
  t.teardown(() => agents.close());

  const generated = await adminCli(["generate-software-statement", "--expires-in-seconds", "600", "--max-uses", "1"], { home });
  const [, used] = STATEMENT_LINE.exec(generated.stdout) ?? [];
  const [, revoked] = STATEMENT_LINE.exec((await adminCli(["generate-software-statement"], { home })).stdout) ?? [];
  t.truthy(used && revoked);
  t.is(await register(agents, used!), null);

  const described = await adminCli(["describe-software-statements"], { home });
  const statements = describedList<DescribedStatement>(described, "Software statements");
  t.false(described.stdout.includes(used!) || described.stdout.includes(revoked!), "statements are never shown");
  const [usedEntry, revokedEntry] = statements.slice(-2);
  t.is(usedEntry!.maxUses, 1);
  t.is(usedEntry!.uses, 1);
  t.true(Date.parse(usedEntry!.expiresAt!) > Date.now());
  t.deepEqual(Object.keys(revokedEntry!), ["id", "active", "issuedAt", "uses"]);

  const deactivated = await adminCli(["deactivate-software-statement", "--software-statement", revoked!], { home });
  t.is(deactivated.stdout, `Software statement ${revoked} deactivated\n`);
  const refused = await register(agents, revoked!);
  t.is(refused?.code, status.PERMISSION_DENIED);
  t.regex(refused?.details ?? "", /deactivated/);

  t.is((await adminCli(["deactivate-software-statement", "--software-statement", usedEntry!.id], { home })).code, 0, "an id works too");
  const after = describedList<DescribedStatement>(await adminCli(["describe-software-statements"], { home }), "Software statements");
  t.deepEqual(after.slice(-2).map((statement) => statement.active), [false, false]);
  t.is((await adminCli(["deactivate-software-statement", "--software-statement", "not-a-statement"], { home })).code, 1);
});

test("unregister-agent-client ends the agent's live stream within a second and its reconnects are refused", async (t) => {
  const { home, api, stack } = await startTestStack(t);
  const [server] = await waitForServers(api, 1);
  const agentId = readFileSync(join(home, "agent", "agent-id"), "utf8").trim();

  const describeAgents = async () =>
    describedList<{ name: string; id: string; active: boolean }>(await adminCli(["describe-agent-clients"], { home }), "Session manager agent clients");
  const [listed] = await describeAgents();
  t.like(listed, { id: agentId, active: true });
  t.is(typeof listed!.name, "string");

  const unregistered = await adminCli(["unregister-agent-client", "--client-id", agentId], { home });
  t.is(unregistered.stdout, `agent client ${agentId} unregistered\n`);
  const unreachable = await withDeadline(
    "the server to become unreachable",
    waitFor("UNREACHABLE_AGENT", async () => {
      const [current] = await describeServers(api);
      return current?.UnavailabilityReason === "UNREACHABLE_AGENT" ? current : undefined;
    }),
    1500,
  );
  t.is(unreachable.Id, server!.Id);

  await waitFor("the broker to refuse the agent's reconnect", () =>
    readFileSync(stack.broker.logFile, "utf8").includes(`Agent ${agentId} is not registered or has been unregistered`) || undefined,
  );
  const [still] = await describeServers(api);
  t.is(still?.UnavailabilityReason, "UNREACHABLE_AGENT");
  t.like((await describeAgents())[0], { id: agentId, active: false });
  t.is((await adminCli(["unregister-agent-client", "--client-id", "no-such-agent"], { home })).code, 1);
});
