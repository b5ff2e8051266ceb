import { resolve } from "node:path";
import { createLogger } from "../common/logger.js";
import { loadSettings, portSetting, stringSetting } from "../common/settings.js";
import { stopOnSignals } from "../common/shutdown.js";
import { quickstartFilePath } from "./prepare-home.js";
import { Stack } from "./stack.js";

/** `npm start`: the whole product on one machine, state in $DCVSM_HOME. */
const QUICKSTART_SETTINGS = {
  home: stringSetting("home", { env: "DCVSM_HOME", default: ".dcvsm" }),
  clientPort: portSetting("client port", { env: "DCVSM_CLIENT_PORT", default: 8443 }),
  agentPort: portSetting("agent port", { env: "DCVSM_AGENT_PORT", default: 8445 }),
  gatewayPort: portSetting("gateway port", { env: "DCVSM_GATEWAY_PORT", default: 8447 }),
  internalPort: portSetting("internal port", { env: "DCVSM_INTERNAL_PORT", default: 47100 }),
  bindHost: stringSetting("bind host", { env: "DCVSM_BIND_HOST", default: "127.0.0.1" }),
};

// Keys, credentials and the database are for this user only.
process.umask(0o077);
const log = createLogger({ name: "quickstart" });
try {
  const settings = loadSettings(QUICKSTART_SETTINGS);
  const home = resolve(settings.home);
  const stack = await Stack.start({ ...settings, home, agentUpdateInterval: 30 });
  stopOnSignals(stack, log, 5_000);
  const file = quickstartFilePath(home);
  const { url, caFile } = stack.quickstart;
  process.stdout.write(`
DCV Session Manager (independent implementation) is running.

  API              ${url}
  agent endpoint   ${stack.quickstart.agentEndpoint}
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
