import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";

const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o644;
const DIRECTORY_MODE = 0o700;

/** A file whose permissions would let other users read secrets or swap in their own content. */
export class InsecureFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "InsecureFileError";
  }
}

/** Atomically writes (or replaces) a file only its owner can read and write. */
export function writePrivateFile(path: string, content: string | Buffer): void {
  writeAtomically(path, content, PRIVATE_MODE, "replace");
}

/** Atomically writes (or replaces) a world-readable file such as a certificate. */
export function writePublicFile(path: string, content: string | Buffer): void {
  writeAtomically(path, content, PUBLIC_MODE, "replace");
}

/**
 * Creates a private file only if none exists, atomically: it appears complete or not at all.
 * Returns false (and writes nothing) when the file already exists, e.g. because another
 * process created it first.
 */
export function createPrivateFileIfAbsent(path: string, content: string | Buffer): boolean {
  return writeAtomically(path, content, PRIVATE_MODE, "create");
}

export function assertNotWritableByOthers(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o022) !== 0) {
    const problem = `${path} is writable by group or others (mode ${octal(mode)})`;
    throw new InsecureFileError(path, `${problem}; run: chmod go-w ${path}`);
  }
}

/** For private keys: neither group nor others may read or write the file. */
export function assertPrivate(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const problem = `${path} must be private to its owner but has mode ${octal(mode)}`;
    throw new InsecureFileError(path, `${problem}; run: chmod 600 ${path}`);
  }
}

/**
 * Writes a temporary file in the target's directory, then either renames it over the target
 * or hard-links it to the target (link fails if the target exists, which makes creation exclusive).
 */
function writeAtomically(path: string, content: string | Buffer, mode: number, commit: "replace" | "create"): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: DIRECTORY_MODE });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const fd = openSync(temporary, "wx", mode);
    try {
      writeFileSync(fd, content);
      fchmodSync(fd, mode); // the umask may have narrowed the mode given to open
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (commit === "replace") {
      renameSync(temporary, path);
      return true;
    }
    try {
      linkSync(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}
