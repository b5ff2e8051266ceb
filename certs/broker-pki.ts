import { createPrivateKey, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import {
  CertificateAuthorityError,
  createCertificateAuthority,
  loadCertificateAuthority,
  type CertificateAuthority,
} from "./authority.js";
import { issueServerCertificate, type ServerCertificateOptions } from "./issue.js";
import { generateRsaKeyPair } from "./keys.js";
import {
  assertNotWritableByOthers,
  assertPrivate,
  createPrivateFileIfAbsent,
  writePublicFile,
} from "./private-file.js";

/** Subject CN of the broker's listener certificate. */
export const BROKER_IDENTITY = "dcvsm-broker";
/** Subject CN of the gateway's certificate, which it also presents as a client to the broker's internal API. */
export const GATEWAY_IDENTITY = "dcvsm-gateway";

export interface CertificateFiles {
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

export interface BrokerPki {
  ca: CertificateAuthority;
  /** Absolute path of ca.pem, which clients and agents trust. */
  caFile: string;
  /** The broker's listeners (agent port, internal API): serverAuth. */
  server: CertificateFiles;
  /** The gateway: serverAuth for its REST port, clientAuth toward the broker's internal API. */
  gateway: CertificateFiles;
}

export interface BrokerPkiOptions {
  /** Names (or IP addresses) clients use to reach the broker, besides localhost and os.hostname(). */
  hostnames?: string[];
}

/** The PKI directory holds files in a state that needs an administrator. */
export class BrokerPkiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrokerPkiError";
  }
}

const RENEW_WITHIN_MS = 30 * 24 * 60 * 60 * 1000;
const CA_FILE_WAIT_MS = 5000;
const REENROL_WARNING = "every agent must then enrol again";

/**
 * Creates the broker's CA and listener certificates in `dir` on first use, then reuses them,
 * renewing a listener certificate that is missing, expires within 30 days, was not signed by the
 * CA or lacks one of the names. Safe against concurrent calls: the CA is created at most once.
 */
export function ensureBrokerPki(dir: string, options: BrokerPkiOptions = {}): BrokerPki {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  assertNotWritableByOthers(root);
  const caFile = join(root, "ca.pem");
  const ca = ensureCertificateAuthority(caFile, join(root, "ca.key"));
  const names = serverNames(options.hostnames ?? []);
  const server = { commonName: BROKER_IDENTITY, ...names };
  const gateway = { commonName: GATEWAY_IDENTITY, ...names, clientAuth: true };
  return {
    ca,
    caFile,
    server: ensureServerCertificate(ca, join(root, "broker"), server),
    gateway: ensureServerCertificate(ca, join(root, "gateway"), gateway),
  };
}

function ensureCertificateAuthority(caFile: string, keyFile: string): CertificateAuthority {
  // Look at the certificate before the key: creators write the key first, so this order
  // never mistakes a CA being created for a lost key.
  const certificateExists = existsSync(caFile);
  if (!existsSync(keyFile)) {
    if (certificateExists) {
      throw new BrokerPkiError(
        `${caFile} exists but its key ${keyFile} is missing: restore the key, or delete ${caFile} ` +
          `to create a new CA (${REENROL_WARNING})`,
      );
    }
    const created = createCertificateAuthority({ commonName: `DCV Session Manager broker CA (${hostname()})` });
    // Creating the key is the commit point: the process that creates it owns the CA, the others load it.
    if (createPrivateFileIfAbsent(keyFile, created.keyPem)) {
      writePublicFile(caFile, created.certPem);
      return created;
    }
  }
  return loadCertificateAuthorityFiles(caFile, keyFile);
}

function loadCertificateAuthorityFiles(caFile: string, keyFile: string): CertificateAuthority {
  assertPrivate(keyFile);
  // Another process may be between creating the key and writing the certificate.
  if (!waitForFile(caFile, CA_FILE_WAIT_MS)) {
    throw new BrokerPkiError(
      `${keyFile} exists but ${caFile} is missing: restore the certificate, or delete ${keyFile} ` +
        `to create a new CA (${REENROL_WARNING})`,
    );
  }
  assertNotWritableByOthers(caFile);
  try {
    return loadCertificateAuthority(readFileSync(caFile, "utf8"), readFileSync(keyFile, "utf8"));
  } catch (error) {
    if (error instanceof CertificateAuthorityError) {
      throw new BrokerPkiError(`${caFile} and ${keyFile}: ${error.message}`);
    }
    throw error;
  }
}

type ServerCertificateSpec = Omit<ServerCertificateOptions, "keyPem" | "validityDays">;

function ensureServerCertificate(
  ca: CertificateAuthority,
  basePath: string,
  spec: ServerCertificateSpec,
): CertificateFiles {
  const keyFile = `${basePath}.key`;
  const certFile = `${basePath}.pem`;
  const keyPem = ensureServerKey(keyFile);
  const existing = existsSync(certFile) ? readFileSync(certFile, "utf8") : undefined;
  if (existing !== undefined && isCurrent(existing, keyPem, ca, spec)) {
    return { certPem: existing, keyPem, certFile, keyFile };
  }
  const { certPem } = issueServerCertificate(ca, { ...spec, keyPem });
  writePublicFile(certFile, certPem);
  return { certPem, keyPem, certFile, keyFile };
}

/**
 * Keys are created exclusively and kept across renewals, so processes renewing at the same time
 * all certify the same key and whichever certificate lands last matches it.
 */
function ensureServerKey(keyFile: string): string {
  if (!existsSync(keyFile)) createPrivateFileIfAbsent(keyFile, generateRsaKeyPair().privateKeyPem);
  assertPrivate(keyFile);
  const keyPem = readFileSync(keyFile, "utf8");
  try {
    createPrivateKey(keyPem);
  } catch (error) {
    const reason = (error as Error).message;
    throw new BrokerPkiError(`${keyFile} is not a usable private key (${reason}); delete it to generate a new one`);
  }
  return keyPem;
}

function isCurrent(certPem: string, keyPem: string, ca: CertificateAuthority, spec: ServerCertificateSpec): boolean {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch {
    return false;
  }
  const caCertificate = new X509Certificate(ca.certPem);
  return (
    certificate.checkIssued(caCertificate) &&
    certificate.verify(caCertificate.publicKey) &&
    certificate.checkPrivateKey(createPrivateKey(keyPem)) &&
    Date.parse(certificate.validTo) - Date.now() > RENEW_WITHIN_MS &&
    spec.dnsNames.every((name) => certificate.checkHost(name) !== undefined) &&
    spec.ipAddresses.every((address) => certificate.checkIP(address) !== undefined)
  );
}

function serverNames(extraHostnames: string[]): { dnsNames: string[]; ipAddresses: string[] } {
  const names = ["localhost", hostname(), ...extraHostnames]
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  return {
    dnsNames: [...new Set(names.filter((name) => isIP(name) === 0))],
    ipAddresses: [...new Set(["127.0.0.1", "::1", ...names.filter((name) => isIP(name) !== 0)])],
  };
}

function waitForFile(path: string, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(path)) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(sleeper, 0, 0, 10);
  }
  return true;
}
