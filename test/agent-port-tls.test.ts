import { credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCertificateAuthority } from "../certs/authority.js";
import { createCertificateRequest, signClientCertificate } from "../certs/csr.js";
import { AgentServiceClient } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionManagerServiceClient } from "../gen/ts-proto/dcvsm/api/v1/api.js";
import { startTestStack } from "./support/test-stack.js";

/** Opens the agent stream with these credentials and resolves with the status it ends with. */
function connectStatus(endpoint: string, ca: string, clientKey: string | null, clientCert: string | null): Promise<ServiceError> {
  const client = new AgentServiceClient(
    endpoint,
    credentials.createSsl(Buffer.from(ca), clientKey === null ? null : Buffer.from(clientKey), clientCert === null ? null : Buffer.from(clientCert)),
  );
  return new Promise((resolve) => {
    const call = client.connect();
    call.on("error", (error: ServiceError) => {
      client.close();
      resolve(error);
    });
    call.on("data", () => undefined);
    call.write({ kind: { $case: "hello", value: { agentId: "intruder", agentVersion: "0", dcvVersion: "0", capabilities: [], statusIntervalSeconds: 1 } } });
  });
}

function foreignClientCertificate(): { keyPem: string; certPem: string } {
  const foreignCa = createCertificateAuthority({ commonName: "Some other CA" });
  const { keyPem, csrPem } = createCertificateRequest("intruder");
  return { keyPem, certPem: signClientCertificate(foreignCa, csrPem, { identity: "intruder", validitySeconds: 3600 }).certPem };
}

test("the agent stream refuses a client without a certificate and one whose certificate another CA issued", async (t) => {
  const { stack } = await startTestStack(t);
  const ca = readFileSync(stack.quickstart.caFile, "utf8");

  const anonymous = await connectStatus(stack.quickstart.agentEndpoint, ca, null, null);
  t.is(anonymous.code, status.UNAUTHENTICATED, anonymous.details);

  const foreign = foreignClientCertificate();
  const impostor = await connectStatus(stack.quickstart.agentEndpoint, ca, foreign.keyPem, foreign.certPem);
  t.is(impostor.code, status.UNAUTHENTICATED, impostor.details);
});

test("registration without a certificate is allowed, but not with a statement the broker did not issue", async (t) => {
  const { stack } = await startTestStack(t);
  const ca = readFileSync(stack.quickstart.caFile, "utf8");
  const client = new AgentServiceClient(stack.quickstart.agentEndpoint, credentials.createSsl(Buffer.from(ca)));
  t.teardown(() => client.close());
  const { csrPem } = createCertificateRequest("new-agent");
  const error = await new Promise<ServiceError | null>((resolve) =>
    client.register({ softwareStatement: "e30.e30.c2ln", csrPem, name: "new-agent" }, (err) => resolve(err)),
  );
  t.is(error?.code, status.UNAUTHENTICATED);
  t.regex(error?.details ?? "", /Software statement/);
});

test("an agent's certificate cannot call the broker's internal API", async (t) => {
  const { stack, home } = await startTestStack(t);
  const ca = readFileSync(stack.quickstart.caFile, "utf8");
  const agentFolder = join(home, "agent");
  const client = new SessionManagerServiceClient(
    `localhost:${stack.broker.ports.internal}`,
    credentials.createSsl(
      Buffer.from(ca),
      readFileSync(join(agentFolder, "agent.key")),
      readFileSync(join(agentFolder, "agent.pem")),
    ),
  );
  t.teardown(() => client.close());
  const error = await new Promise<ServiceError | null>((resolve) =>
    client.describeSessions({ sessionIds: [], filters: [], maxResults: 0, nextToken: "" }, new Metadata(), (err) => resolve(err)),
  );
  t.is(error?.code, status.PERMISSION_DENIED);
});
