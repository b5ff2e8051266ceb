import { deactivateSoftwareStatement, generateSoftwareStatement } from "../auth/software-statements.js";
import { CommandError, positiveInteger, type CliCommand } from "./command.js";
import { jacksonList, type JsonScalar } from "./json-output.js";

/** The commands that manage agents: software statements they enrol with, and enrolled agent clients. */
export const AGENT_COMMANDS: CliCommand[] = [
  {
    name: "generate-software-statement",
    synopsis: "[--expires-in-seconds <seconds>] [--max-uses <count>]",
    options: { "expires-in-seconds": {}, "max-uses": {} },
    async run({ storage, certificateAuthority, print }, options) {
      const expiresInSeconds = positiveInteger(options, "expires-in-seconds");
      const { statement } = await generateSoftwareStatement(storage, certificateAuthority(), {
        expiresAt: expiresInSeconds === undefined ? undefined : new Date(Date.now() + expiresInSeconds * 1000),
        maxUses: positiveInteger(options, "max-uses"),
      });
      print(`software-statement: ${statement}`);
    },
  },
  {
    name: "describe-software-statements",
    synopsis: "",
    options: {},
    async run({ storage, print }) {
      const statements = await storage.softwareStatements.list();
      print("Software statements");
      print(
        jacksonList(
          statements.map((statement) => {
            const described: Record<string, JsonScalar> = {
              id: statement.id,
              active: statement.active,
              issuedAt: statement.issuedAt.toISOString(),
            };
            if (statement.expiresAt !== undefined) described.expiresAt = statement.expiresAt.toISOString();
            if (statement.maxUses !== undefined) described.maxUses = statement.maxUses;
            described.uses = statement.uses;
            return described;
          }),
        ),
      );
    },
  },
  {
    name: "deactivate-software-statement",
    synopsis: "--software-statement <statement or id>",
    options: { "software-statement": { required: true } },
    async run({ storage, print }, options) {
      const statement = options["software-statement"]!;
      if (!(await deactivateSoftwareStatement(storage, statement))) {
        throw new CommandError("No software statement issued by this broker matches");
      }
      print(`Software statement ${statement} deactivated`);
    },
  },
  {
    name: "describe-agent-clients",
    synopsis: "",
    options: {},
    async run({ storage, print }) {
      const agents = await storage.agentClients.list();
      print("Session manager agent clients");
      print(jacksonList(agents.map(({ name, id, active }) => ({ name, id, active }))));
    },
  },
  {
    name: "unregister-agent-client",
    synopsis: "--client-id <id>",
    options: { "client-id": { required: true } },
    async run({ storage, print }, options) {
      const id = options["client-id"]!;
      if (!(await storage.agentClients.setActive(id, false))) throw new CommandError(`No agent client has the id ${id}`);
      print(`agent client ${id} unregistered`);
    },
  },
];
