import { parseArgs } from "node:util";
import { ensureBrokerPki } from "../../certs/broker-pki.js";
import { loadDeploymentSettings } from "../../common/config-file.js";
import { BROKER_SETTINGS, brokerDatabaseFile, brokerHome, brokerSecurityDir } from "../settings.js";
import { SqliteStorage } from "../storage/sqlite/sqlite-storage.js";
import { AGENT_COMMANDS } from "./agent-commands.js";
import { AUTH_SERVER_COMMANDS } from "./auth-server-commands.js";
import { parseArgsOptions, UsageError, type CliCommand, type OptionValues } from "./command.js";

export const PROGRAM = "dcv-session-manager-broker";

const COMMANDS: readonly CliCommand[] = [...AUTH_SERVER_COMMANDS, ...AGENT_COMMANDS];

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: NodeJS.ProcessEnv;
}

export function usage(): string {
  return [
    `usage: ${PROGRAM} [--config <file>] <command> [options]`,
    "",
    "commands:",
    ...COMMANDS.map((command) => `  ${[command.name, command.synopsis].filter(Boolean).join(" ")}`),
    "",
    "The broker's state is found as the broker finds it: the file --config or $DCVSM_BROKER_CONFIG names,",
    "and $DCVSM_HOME or session-manager-working-path (default .dcvsm).",
  ].join("\n");
}

/** Runs one admin command; resolves with the process exit code (0 done, 1 failed, 2 bad command line). */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const { command, options } = parseCommandLine(args);
    await runCommand(command, options, io);
    return 0;
  } catch (error) {
    io.stderr(`${PROGRAM}: ${(error as Error).message}`);
    if (!(error instanceof UsageError)) return 1;
    io.stderr(usage());
    return 2;
  }
}

/** Opens the broker's storage as the broker does (SQLite in WAL mode, safe while it runs) and runs `command`. */
async function runCommand(command: CliCommand, options: OptionValues, io: CliIo): Promise<void> {
  const { settings, warnings } = loadDeploymentSettings(BROKER_SETTINGS, {
    args: options.config === undefined ? [] : ["--config", options.config],
    env: io.env,
  });
  for (const warning of warnings) io.stderr(`warning: ${warning}`);
  const home = brokerHome(settings);
  const storage = SqliteStorage.open(brokerDatabaseFile(home));
  try {
    await command.run({ storage, certificateAuthority: () => ensureBrokerPki(brokerSecurityDir(home)).ca, print: io.stdout }, options);
  } finally {
    await storage.close();
  }
}

/** `[--config <file>] <command> [options]`: the command and its option values. */
function parseCommandLine(args: readonly string[]): { command: CliCommand; options: OptionValues } {
  const at = args[0] === "--config" ? 2 : args[0]?.startsWith("--config=") ? 1 : 0;
  const name = args[at];
  if (name === undefined) throw new UsageError("no command given");
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"`);
  let options: OptionValues;
  try {
    ({ values: options } = parseArgs({
      args: [...args.slice(0, at), ...args.slice(at + 1)],
      options: parseArgsOptions(command),
      strict: true,
      allowPositionals: false,
    }) as { values: OptionValues });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const [option, { required }] of Object.entries(command.options)) {
    if (required && options[option] === undefined) throw new UsageError(`${name} needs --${option}`);
  }
  return { command, options };
}
