import { credentials, Metadata, type ChannelCredentials } from "@grpc/grpc-js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createCertificateRequest } from "../certs/csr.js";
import { writePrivateFile, writePublicFile } from "../certs/private-file.js";
import type { Logger } from "../common/logger.js";
import { AgentServiceClient, type RegisterResponse } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { hostName } from "./host-facts.js";
import type { AgentSettings } from "./settings.js";

/** The agent's credentials toward the broker, kept in its state folder. */
export interface AgentIdentity {
  agentId: string;
  keyPem: string;
  certPem: string;
  caPem: string;
}

const files = (stateFolder: string) => ({
  key: join(stateFolder, "agent.key"),
  cert: join(stateFolder, "agent.pem"),
  ca: join(stateFolder, "broker-ca.pem"),
  id: join(stateFolder, "agent-id"),
});

/** TLS toward the broker: the broker CA, and this agent's certificate once it has one. */
export function brokerCredentials(settings: AgentSettings, caPem: string, identity?: AgentIdentity): ChannelCredentials {
  return credentials.createSsl(
    Buffer.from(caPem),
    identity === undefined ? null : Buffer.from(identity.keyPem),
    identity === undefined ? null : Buffer.from(identity.certPem),
    { rejectUnauthorized: settings.tlsStrict },
  );
}

/** Loads the agent's identity, enrolling with the broker first if it has none. */
export async function ensureEnrolled(settings: AgentSettings, log: Logger): Promise<AgentIdentity> {
  const paths = files(settings.stateFolder);
  if ([paths.key, paths.cert, paths.ca, paths.id].every((path) => existsSync(path))) {
    return {
      agentId: readFileSync(paths.id, "utf8").trim(),
      keyPem: readFileSync(paths.key, "utf8"),
      certPem: readFileSync(paths.cert, "utf8"),
      caPem: readFileSync(paths.ca, "utf8"),
    };
  }
  if (settings.softwareStatementPath === "") {
    throw new Error("agent.software_statement_path is required: this agent has not enrolled with the broker yet");
  }
  if (settings.caFile === "") throw new Error("agent.ca_file is required to reach the broker for enrollment");
  const statement = readFileSync(settings.softwareStatementPath, "utf8").trim();
  const { keyPem, csrPem } = createCertificateRequest(hostName());
  const response = await register(settings, readFileSync(settings.caFile, "utf8"), {
    softwareStatement: statement,
    csrPem,
    name: hostName(),
  });
  const identity: AgentIdentity = {
    agentId: response.agentId,
    keyPem,
    certPem: response.certificatePem,
    caPem: response.caChainPem.join("\n"),
  };
  writePrivateFile(paths.key, identity.keyPem);
  writePublicFile(paths.cert, identity.certPem);
  writePublicFile(paths.ca, identity.caPem);
  writePublicFile(paths.id, identity.agentId);
  log.info({ agentId: identity.agentId, notAfter: response.notAfter }, "enrolled with the broker");
  return identity;
}

function register(
  settings: AgentSettings,
  caPem: string,
  request: { softwareStatement: string; csrPem: string; name: string },
): Promise<RegisterResponse> {
  const client = new AgentServiceClient(`${settings.brokerHost}:${settings.brokerPort}`, brokerCredentials(settings, caPem));
  return new Promise<RegisterResponse>((resolve, reject) => {
    client.register(request, new Metadata(), { deadline: Date.now() + 30_000 }, (error, response) => {
      client.close();
      if (error) reject(new Error(`Enrollment refused by the broker: ${error.details || error.message}`));
      else resolve(response);
    });
  });
}
