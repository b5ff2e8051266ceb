import { registerApiClient } from "../auth/api-clients.js";
import { renewSigningKey } from "../auth/signing-keys.js";
import { CommandError, type CliCommand } from "./command.js";
import { jacksonList } from "./json-output.js";

/** The commands for the broker as OAuth 2.0 authorization server: API clients and the token signing key. */
export const AUTH_SERVER_COMMANDS: CliCommand[] = [
  {
    name: "register-api-client",
    synopsis: "--client-name <name>",
    options: { "client-name": { required: true } },
    async run({ storage, print }, options) {
      const { clientId, clientSecret } = await registerApiClient(storage, options["client-name"]!);
      print(`client-id: ${clientId}`);
      print(`client-password: ${clientSecret}`);
    },
  },
  {
    name: "describe-api-clients",
    synopsis: "",
    options: {},
    async run({ storage, print }) {
      const clients = await storage.apiClients.list();
      print("Api clients");
      print(jacksonList(clients.map(({ name, id, active }) => ({ name, id, active }))));
    },
  },
  {
    name: "unregister-api-client",
    synopsis: "--client-id <id>",
    options: { "client-id": { required: true } },
    async run({ storage, print }, options) {
      const id = options["client-id"]!;
      if (!(await storage.apiClients.setActive(id, false))) throw new CommandError(`No API client has the id ${id}`);
      print(`Client ${id} unregistered.`);
    },
  },
  {
    name: "renew-auth-server-api-key",
    synopsis: "",
    options: {},
    async run({ storage, print }) {
      await renewSigningKey(storage);
      print("Keys renewed.");
    },
  },
];
