import { runCli } from "./run-cli.js";

// What the CLI creates on a fresh home (keys, database) is for its user only, as the broker's.
process.umask(0o077);
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
