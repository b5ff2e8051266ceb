import { randomBytes, randomUUID } from "node:crypto";
import type { ApiClientRecord, Storage } from "../storage/storage.js";
import { hashSecret, verifySecret } from "./secret-hash.js";

export interface RegisteredApiClient {
  clientId: string;
  /** Shown once; only its hash is stored. */
  clientSecret: string;
}

export async function registerApiClient(storage: Storage, name: string): Promise<RegisteredApiClient> {
  const clientId = randomUUID();
  const clientSecret = randomBytes(32).toString("base64url");
  const record: ApiClientRecord = {
    id: clientId,
    name,
    secretHash: await hashSecret(clientSecret),
    active: true,
    createdAt: new Date(),
  };
  await storage.apiClients.insert(record);
  return { clientId, clientSecret };
}

/** The active client with these credentials, or undefined. */
export async function authenticateApiClient(
  storage: Storage,
  clientId: string,
  clientSecret: string,
): Promise<ApiClientRecord | undefined> {
  const client = await storage.apiClients.get(clientId);
  if (client === undefined || !client.active) return undefined;
  return (await verifySecret(clientSecret, client.secretHash)) ? client : undefined;
}
