import type { ParseArgsConfig } from "node:util";
import type { CertificateAuthority } from "../../certs/authority.js";
import type { Storage } from "../storage/storage.js";

/** What a command works on: the broker's storage and, when it signs something, its CA. */
export interface CliContext {
  storage: Storage;
  /** Loads (or on a fresh home creates) the broker's PKI. */
  certificateAuthority(): CertificateAuthority;
  /** Writes one line to stdout. */
  print(line: string): void;
}

export type OptionValues = Record<string, string | undefined>;

export interface CliCommand {
  name: string;
  /** The options after the command name, as `--name <value>` text for the usage. */
  synopsis: string;
  /** String-valued options; `required` ones must be given. */
  options: Record<string, { required?: boolean }>;
  run(context: CliContext, options: OptionValues): Promise<void>;
}

/** Bad command line: the usage goes to stderr and the exit code is 2. */
export class UsageError extends Error {}

/** The command could not do what was asked (e.g. an unknown id): exit code 1. */
export class CommandError extends Error {}

/** node:util parseArgs options for a command, plus the --config every command accepts. */
export function parseArgsOptions(command: CliCommand): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = { config: { type: "string" } };
  for (const name of Object.keys(command.options)) options[name] = { type: "string" };
  return options;
}

/** A whole number ≥ 1 from an option, or undefined when the option is absent. */
export function positiveInteger(options: OptionValues, name: string): number | undefined {
  const text = options[name];
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a whole number of at least 1, not "${text}"`);
  }
  return Number(text);
}
