import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The compiled admin CLI, next to the compiled tests in dist/. */
const CLI_MAIN = fileURLToPath(new URL("../../broker/cli/main.js", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `dcv-session-manager-broker <args>` as a child process on the broker state in `home` (or as `env` says). */
export function adminCli(args: string[], { home, env = {} }: { home?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  // The state is only what the caller names, never what the test runner's environment happens to say.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (env.DCVSM_BROKER_CONFIG === undefined) delete childEnv.DCVSM_BROKER_CONFIG;
  if (home === undefined) delete childEnv.DCVSM_HOME;
  else childEnv.DCVSM_HOME = home;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { env: childEnv }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** The JSON list a describe-… command prints under its title line. */
export function describedList<T>(result: CliResult, title: string): T[] {
  const [first, ...rest] = result.stdout.split("\n");
  if (result.code !== 0 || first !== title) throw new Error(`unexpected output (exit ${result.code}): ${result.stdout}${result.stderr}`);
  return JSON.parse(rest.join("\n")) as T[];
}
