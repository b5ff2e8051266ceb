import type { ApiClient } from "./api-client.js";
import { waitFor } from "./wait-for.js";

export interface SessionJson {
  Id: string;
  Name: string;
  Owner: string;
  Type: string;
  State: string;
  Substate?: string;
  StateReason?: string;
  Server?: ServerJson;
  NumOfConnections?: number;
}

export interface ServerJson {
  Id: string;
  Hostname: string;
  Availability: string;
  UnavailabilityReason?: string;
  ConsoleSessionCount: number;
  VirtualSessionCount: number;
  Tags?: { Key: string; Value: string }[];
  Host?: Record<string, unknown>;
}

export interface CreateResult {
  SuccessfulList: SessionJson[];
  UnsuccessfulList: { CreateSessionRequestData: Record<string, unknown>; FailureReason: string }[];
}

export async function createSessions(api: ApiClient, items: Record<string, unknown>[]): Promise<CreateResult> {
  const response = await api.call("POST", "/createSessions", items);
  if (response.status !== 200) throw new Error(`createSessions: ${response.status} ${response.text}`);
  return response.json as CreateResult;
}

/** Creates one session and returns its id; fails if it was refused. */
export async function createSession(api: ApiClient, item: Record<string, unknown>): Promise<string> {
  const result = await createSessions(api, [item]);
  const created = result.SuccessfulList[0];
  if (created === undefined) throw new Error(`session refused: ${result.UnsuccessfulList[0]?.FailureReason}`);
  return created.Id;
}

export async function describeSession(api: ApiClient, id: string): Promise<SessionJson | undefined> {
  const response = await api.call("POST", "/describeSessions", { SessionIds: [id] });
  return (response.json as { Sessions: SessionJson[] }).Sessions[0];
}

/** Waits until the session is in `state` and returns it. */
export function waitForState(api: ApiClient, id: string, state: string, timeoutMs = 20_000): Promise<SessionJson> {
  return waitFor(
    `session ${id} to become ${state}`,
    async () => {
      const session = await describeSession(api, id);
      return session?.State === state ? session : undefined;
    },
    { timeoutMs },
  );
}

export async function describeServers(api: ApiClient, body: Record<string, unknown> = {}): Promise<ServerJson[]> {
  const response = await api.call("POST", "/describeServers", body);
  if (response.status !== 200) throw new Error(`describeServers: ${response.status} ${response.text}`);
  return (response.json as { Servers: ServerJson[] }).Servers;
}

/** Waits until `count` servers are known and returns them. */
export function waitForServers(api: ApiClient, count: number): Promise<ServerJson[]> {
  return waitFor(`${count} servers to register`, async () => {
    const servers = await describeServers(api);
    return servers.length >= count ? servers : undefined;
  });
}
