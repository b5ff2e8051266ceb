import { resolve } from "node:path";
import { loadDeploymentSettings } from "../common/config-file.js";
import { DEPLOYMENT_SETTINGS as S } from "../common/deployment-settings.js";
import { createLogger } from "../common/logger.js";
import { stringSetting } from "../common/settings.js";
import { stopOnSignals } from "../common/shutdown.js";
import { quickstartFilePath } from "./prepare-home.js";
import { Stack } from "./stack.js";

/**
 * `npm start`: the whole product on one machine, state in $DCVSM_HOME. Read like the broker's
 * settings (defaults, then $DCVSM_BROKER_CONFIG, then the environment), so a home or port the
 * deployment file sets is the one used; the bind host is the quickstart's own, for all listeners
 * the file does not bind elsewhere.
 */
const QUICKSTART_SETTINGS = {
  home: S.home,
  clientPort: S.clientPort,
  agentPort: S.agentPort,
  gatewayPort: S.gatewayPort,
  internalPort: S.internalPort,
  bindHost: stringSetting("bind host", { env: "DCVSM_BIND_HOST", default: "127.0.0.1" }),
};

// Keys, credentials and the database are for this user only.
process.umask(0o077);
const log = createLogger({ name: "quickstart" });
try {
  const { settings, warnings } = loadDeploymentSettings(QUICKSTART_SETTINGS);
  for (const warning of warnings) log.warn(warning);
  const home = resolve(settings.home);
  const stack = await Stack.start({ ...settings, home, agentUpdateInterval: 30 });
  stopOnSignals(stack, log, 5_000);
  const file = quickstartFilePath(home);
  const { url, caFile } = stack.quickstart;
  process.stdout.write(`
DCV Session Manager (independent implementation) is running.

  API              ${url}
  agent endpoint   ${stack.quickstart.agentEndpoint}
  token verifier   ${stack.quickstart.verifierUrl}
  credentials      ${file}   (client id and secret, mode 0600)
  CA certificate   ${caFile}
  logs             ${stack.logDir}

Try it (the secret is read from the file, never printed):

  ID=$(node -p 'require("${file}").clientId')
  SECRET=$(node -p 'require("${file}").clientSecret')
  TOKEN=$(curl -s --cacert ${caFile} -X POST -u "$ID:$SECRET" \\
    -H 'Content-Type: application/x-www-form-urlencoded' \\
    '${url}/oauth2/token?grant_type=client_credentials' | node -p 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s --cacert ${caFile} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '[{"Name":"my-session","Owner":"alice","Type":"VIRTUAL"}]' ${url}/createSessions
  curl -s --cacert ${caFile} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '{}' ${url}/describeSessions

Press Ctrl-C to stop.
`);
} catch (error) {
  log.fatal({ err: error }, `quickstart failed: ${(error as Error).message}`);
  log.flush(() => process.exit(1));
}
