#!/usr/bin/env node
// The admin CLI's command; the CLI itself is compiled into dist/.
import { existsSync } from "node:fs";

const entry = new URL("../dist/broker/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("dcv-session-manager-broker: dist/ is missing: run npm run build first\n");
  process.exit(1);
}
await import(entry.href);
