import { status as GrpcStatus } from "@grpc/grpc-js";
import type { Logger } from "../common/logger.js";
import type { Fleet } from "./agents/fleet.js";
import type { SigningKeys } from "./auth/signing-keys.js";
import type { Storage } from "./storage/storage.js";

export interface AdminChangeFollower {
  /** Stops watching and waits for a change being applied. */
  stop(): Promise<void>;
}

/**
 * Applies what the admin CLI writes to storage while the broker runs: a
 * renewed signing key signs from now on, and an unregistered agent loses
 * its open stream. (API clients and software statements are checked on
 * every use, so they need nothing here.)
 */
export function followAdminChanges(storage: Storage, keys: SigningKeys, fleet: Fleet, log: Logger): AdminChangeFollower {
  let applying = Promise.resolve();
  const apply = async () => {
    await keys.reload();
    for (const agent of await storage.agentClients.list()) {
      if (agent.active) continue;
      fleet.connectionForAgent(agent.id)?.close(GrpcStatus.PERMISSION_DENIED, `Agent ${agent.id} has been unregistered`);
    }
  };
  const unwatch = storage.watchExternalChanges(() => {
    applying = applying.then(apply).catch((error: unknown) => log.error({ err: error }, "could not apply an admin change"));
  });
  return {
    async stop() {
      unwatch();
      await applying;
    },
  };
}
