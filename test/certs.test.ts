import test, { type ExecutionContext } from "ava";
import { spawn } from "node:child_process";
import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { createInterface } from "node:readline";
import * as tls from "node:tls";
import forge from "node-forge";
import {
  certificateFingerprint,
  CertificateAuthorityError,
  createCertificateAuthority,
  loadCertificateAuthority,
  type CertificateAuthority,
} from "../certs/authority.js";
import { BrokerPkiError, ensureBrokerPki } from "../certs/broker-pki.js";
import { distinguishedName, withUnixNewlines } from "../certs/certificate-builder.js";
import { createCertificateRequest, CsrRejectedError, signClientCertificate } from "../certs/csr.js";
import { describeCertificate, identityOf } from "../certs/identity.js";
import { issueServerCertificate, type IssuedCertificate } from "../certs/issue.js";
import { generateRsaKeyPair } from "../certs/keys.js";
import { signWithNativeKey } from "../certs/native-signer.js";
import {
  assertNotWritableByOthers,
  assertPrivate,
  createPrivateFileIfAbsent,
  InsecureFileError,
  writePrivateFile,
  writePublicFile,
} from "../certs/private-file.js";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

// Key generation dominates these tests: share one CA and one server certificate.
const ca = createCertificateAuthority({ commonName: "Test CA" });
const caCertificate = new X509Certificate(ca.certPem);
const serverCertificate = issueServerCertificate(ca, {
  commonName: "broker.test",
  dnsNames: ["localhost", "broker.test"],
  ipAddresses: ["127.0.0.1", "::1"],
});

function temporaryDirectory(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), "certs-test-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function clientCertificate(authority: CertificateAuthority, identity: string): { cert: string; key: string } {
  const request = createCertificateRequest("ignored-by-the-broker");
  const { certPem } = signClientCertificate(authority, request.csrPem, { identity, validitySeconds: 3600 });
  return { cert: certPem, key: request.keyPem };
}

/** A CSR built by hand, to craft what createCertificateRequest never would. */
function customCsr(options: { modulusLength?: number; extensions?: object[] }): string {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: options.modulusLength ?? 2048 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  csr.setSubject(distinguishedName("agent"));
  if (options.extensions !== undefined) {
    csr.setAttributes([{ name: "extensionRequest", extensions: options.extensions }]);
  }
  signWithNativeKey(csr, privateKey);
  return withUnixNewlines(forge.pki.certificationRequestToPem(csr));
}

const anyPolicy = { identity: "agent", validitySeconds: 60 };

type HandshakeOutcome = { accepted: true; identity: string | undefined } | { accepted: false; reason: string };

/** Connects a client to a server that demands a certificate from our CA, and reports what the server decided. */
async function mutualTlsHandshake(
  server: IssuedCertificate,
  client: { cert?: string; key?: string },
): Promise<HandshakeOutcome> {
  const tlsServer = tls.createServer({
    cert: server.certPem,
    key: server.keyPem,
    ca: [ca.certPem],
    requestCert: true,
    rejectUnauthorized: true,
  });
  const outcome = new Promise<HandshakeOutcome>((resolve) => {
    tlsServer.once("secureConnection", (socket: tls.TLSSocket) => {
      resolve({ accepted: true, identity: identityOf(socket.getPeerCertificate()) });
      socket.end();
    });
    tlsServer.once("tlsClientError", (error) => resolve({ accepted: false, reason: error.message }));
  });
  tlsServer.listen(0, "127.0.0.1");
  await once(tlsServer, "listening");
  const { port } = tlsServer.address() as { port: number };
  const socket = tls.connect({ host: "127.0.0.1", port, ca: [ca.certPem], ...client });
  socket.on("error", () => {}); // a refused client sees the server's alert here
  try {
    return await outcome;
  } finally {
    socket.destroy();
    await new Promise((resolve) => tlsServer.close(resolve));
  }
}

test("a new CA is a self-signed CA certificate with a SHA-256 fingerprint", (t) => {
  t.true(caCertificate.ca);
  t.true(caCertificate.verify(caCertificate.publicKey));
  t.is(caCertificate.subject, "CN=Test CA");
  t.true(ca.keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
  t.true(Date.parse(caCertificate.validFrom) <= Date.now() - 4 * 60 * 1000, "backdated for clock skew");
  t.true(Date.parse(caCertificate.validTo) > Date.now() + 3649 * 24 * 60 * 60 * 1000);
  const expected = caCertificate.fingerprint256.replaceAll(":", "").toLowerCase();
  t.regex(ca.fingerprint, /^[0-9a-f]{64}$/);
  t.is(ca.fingerprint, expected);
  t.is(certificateFingerprint(ca.certPem), expected);
});

test("loadCertificateAuthority accepts the matching key and refuses another", (t) => {
  t.is(loadCertificateAuthority(ca.certPem, ca.keyPem).fingerprint, ca.fingerprint);
  const error = t.throws(() => loadCertificateAuthority(ca.certPem, generateRsaKeyPair().privateKeyPem), {
    instanceOf: CertificateAuthorityError,
  });
  t.regex(error.message, /does not belong/);
  t.throws(() => loadCertificateAuthority(serverCertificate.certPem, serverCertificate.keyPem), {
    instanceOf: CertificateAuthorityError,
    message: /cA=true/,
  });
});

test("a server certificate verifies against the CA and carries the requested names", (t) => {
  const certificate = new X509Certificate(serverCertificate.certPem);
  t.true(certificate.verify(caCertificate.publicKey));
  t.true(certificate.checkIssued(caCertificate));
  t.false(certificate.ca);
  t.true(certificate.checkPrivateKey(createPrivateKey(serverCertificate.keyPem)));
  t.is(certificate.checkHost("broker.test"), "broker.test");
  t.is(certificate.checkHost("localhost"), "localhost");
  t.is(certificate.checkIP("127.0.0.1"), "127.0.0.1");
  t.truthy(certificate.checkIP("::1"));
  t.is(certificate.checkHost("other.test"), undefined);
  t.deepEqual(certificate.keyUsage, [SERVER_AUTH]);
  t.is(serverCertificate.notAfter.getTime(), Date.parse(certificate.validTo));
});

test("a server certificate may also authenticate as a client", (t) => {
  const issued = issueServerCertificate(ca, { commonName: "gw", dnsNames: ["gw"], ipAddresses: [], clientAuth: true });
  t.deepEqual(new X509Certificate(issued.certPem).keyUsage?.sort(), [SERVER_AUTH, CLIENT_AUTH]);
  t.throws(() => issueServerCertificate(ca, { commonName: "x", dnsNames: [], ipAddresses: ["not-an-ip"] }), {
    message: /not an IP address: "not-an-ip"/,
  });
});

test("a client certificate certifies only the CSR's key, for the policy's identity", (t) => {
  const request = createCertificateRequest("i-want-to-be-admin");
  const before = Date.now();
  const signed = signClientCertificate(ca, request.csrPem, { identity: "agent_42@host", validitySeconds: 3600 });
  const certificate = new X509Certificate(signed.certPem);
  t.true(certificate.verify(caCertificate.publicKey));
  t.true(certificate.checkPrivateKey(createPrivateKey(request.keyPem)));
  t.is(certificate.subject, "CN=agent_42@host");
  t.false(certificate.ca);
  t.deepEqual(certificate.keyUsage, [CLIENT_AUTH]);
  t.is(certificate.subjectAltName, undefined);
  t.is(signed.serialNumber, certificate.serialNumber.toLowerCase());
  t.is(signed.notAfter.getTime(), Date.parse(certificate.validTo));
  t.true(Math.abs(signed.notAfter.getTime() - (before + 3600 * 1000)) < 5000);
  t.true(Math.abs(Date.parse(certificate.validFrom) - (before - 5 * 60 * 1000)) < 5000);
  t.deepEqual(describeCertificate(signed.certPem), {
    identity: "agent_42@host",
    serialNumber: signed.serialNumber,
    notBefore: new Date(certificate.validFrom),
    notAfter: signed.notAfter,
  });
});

test("a TLS server requiring our CA accepts a client certificate signed from a CSR", async (t) => {
  const outcome = await mutualTlsHandshake(serverCertificate, clientCertificate(ca, "agent-7"));
  t.deepEqual(outcome, { accepted: true, identity: "agent-7" });
});

test("a TLS server requiring our CA refuses a certificate from another CA", async (t) => {
  const otherCa = createCertificateAuthority({ commonName: "Test CA" });
  const outcome = await mutualTlsHandshake(serverCertificate, clientCertificate(otherCa, "agent-7"));
  t.false(outcome.accepted);
});

test("a TLS server requiring our CA refuses a client without a certificate", async (t) => {
  const outcome = await mutualTlsHandshake(serverCertificate, {});
  t.false(outcome.accepted);
});

test("CSR with a key under 2048 bits is rejected", (t) => {
  const weakKey = customCsr({ modulusLength: 1024 });
  const error = t.throws(() => signClientCertificate(ca, weakKey, anyPolicy), { instanceOf: CsrRejectedError });
  t.regex(error.message, /1024 bits/);
});

test("CSR requesting extensions is rejected", (t) => {
  const withNames = customCsr({
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "evil.test" }] }],
  });
  const error = t.throws(() => signClientCertificate(ca, withNames, anyPolicy), { instanceOf: CsrRejectedError });
  t.regex(error.message, /subjectAltName/);
  const withUsages = customCsr({
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true },
    ],
  });
  t.throws(() => signClientCertificate(ca, withUsages, anyPolicy), {
    instanceOf: CsrRejectedError,
    message: /basicConstraints, keyUsage/,
  });
});

test("garbage instead of a CSR is rejected", (t) => {
  const garbage = [
    "",
    "hello",
    "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
    ca.certPem,
    "x".repeat(100_000),
  ];
  for (const input of garbage) {
    t.throws(() => signClientCertificate(ca, input, anyPolicy), { instanceOf: CsrRejectedError });
  }
});

test("CSR whose signature or signed content was altered is rejected", (t) => {
  const der = Buffer.from(createCertificateRequest("agent").csrPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  const alter = (offset: number): string => {
    const altered = Buffer.from(der);
    altered[offset] = altered[offset]! ^ 0x01;
    const body = altered.toString("base64").replace(/.{64}/g, "$&\n");
    return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
  };
  const lastSignatureByte = der.length - 1;
  const commonNameByte = der.indexOf(Buffer.from("agent")) + 1;
  for (const offset of [lastSignatureByte, commonNameByte]) {
    t.throws(() => signClientCertificate(ca, alter(offset), anyPolicy), {
      instanceOf: CsrRejectedError,
      message: /signature does not verify/,
    });
  }
});

test("identityOf reads the common name of peer certificates, DER and PEM", (t) => {
  const pem = clientCertificate(ca, "agent-9").cert;
  t.is(identityOf(pem), "agent-9");
  t.is(identityOf(new X509Certificate(pem).raw), "agent-9");
  t.is(identityOf({ subject: { CN: "peer" } }), "peer");
  t.is(identityOf({ subject: { CN: ["one", "two"] } }), undefined, "ambiguous");
  t.is(identityOf({}), undefined, "what getPeerCertificate returns without a certificate");
});

test("private files are written 0600 in a 0700 directory, even over a looser file", (t) => {
  const path = join(temporaryDirectory(t), "nested", "secret.key");
  writePrivateFile(path, "one");
  t.is(modeOf(path), 0o600);
  t.is(modeOf(join(path, "..")), 0o700);
  chmodSync(path, 0o644);
  writePrivateFile(path, Buffer.from("two"));
  t.is(modeOf(path), 0o600);
  t.is(readFileSync(path, "utf8"), "two");
});

test("public files are written 0644", (t) => {
  const path = join(temporaryDirectory(t), "ca.pem");
  writePublicFile(path, "certificate");
  t.is(modeOf(path), 0o644);
  t.notThrows(() => assertNotWritableByOthers(path));
});

test("createPrivateFileIfAbsent never replaces an existing file", (t) => {
  const path = join(temporaryDirectory(t), "ca.key");
  t.true(createPrivateFileIfAbsent(path, "first"));
  t.false(createPrivateFileIfAbsent(path, "second"));
  t.is(readFileSync(path, "utf8"), "first");
  t.is(modeOf(path), 0o600);
});

test("assertPrivate and assertNotWritableByOthers name the file and the fix", (t) => {
  const path = join(temporaryDirectory(t), "broker.key");
  writeFileSync(path, "key", { mode: 0o600 });
  t.notThrows(() => assertPrivate(path));
  chmodSync(path, 0o644);
  const notPrivate = t.throws(() => assertPrivate(path), { instanceOf: InsecureFileError });
  t.true(notPrivate.message.includes(path));
  t.true(notPrivate.message.includes(`chmod 600 ${path}`));
  chmodSync(path, 0o664);
  const writable = t.throws(() => assertNotWritableByOthers(path), { instanceOf: InsecureFileError });
  t.true(writable.message.includes(`chmod go-w ${path}`));
});

test("ensureBrokerPki creates the PKI once and then reuses it", (t) => {
  const dir = join(temporaryDirectory(t), "security");
  const first = ensureBrokerPki(dir, { hostnames: ["broker.example.com", "10.1.2.3"] });
  t.is(modeOf(dir), 0o700);
  t.true(isAbsolute(first.caFile));
  t.is(readFileSync(first.caFile, "utf8"), first.ca.certPem);
  for (const file of ["ca.key", "broker.key", "gateway.key"]) t.is(modeOf(join(dir, file)), 0o600, file);
  for (const file of ["ca.pem", "broker.pem", "gateway.pem"]) t.is(modeOf(join(dir, file)), 0o644, file);

  const server = new X509Certificate(first.server.certPem);
  t.true(server.verify(new X509Certificate(first.ca.certPem).publicKey));
  for (const name of ["localhost", hostname(), "broker.example.com"]) t.truthy(server.checkHost(name), name);
  for (const address of ["127.0.0.1", "::1", "10.1.2.3"]) t.truthy(server.checkIP(address), address);
  t.deepEqual(server.keyUsage, [SERVER_AUTH]);
  t.deepEqual(new X509Certificate(first.gateway.certPem).keyUsage?.sort(), [SERVER_AUTH, CLIENT_AUTH]);
  t.is(readFileSync(first.gateway.keyFile, "utf8"), first.gateway.keyPem);

  const second = ensureBrokerPki(dir, { hostnames: ["broker.example.com", "10.1.2.3"] });
  t.is(second.ca.fingerprint, first.ca.fingerprint);
  t.is(second.server.certPem, first.server.certPem, "a valid certificate is not re-issued");
  t.is(second.gateway.certPem, first.gateway.certPem);
});

test("ensureBrokerPki renews a listener certificate that is missing, expiring, foreign or lacks a name", (t) => {
  const dir = temporaryDirectory(t);
  const first = ensureBrokerPki(dir);
  const renewed = (): string => {
    const pki = ensureBrokerPki(dir, { hostnames: ["new.example.com"] });
    t.is(pki.ca.fingerprint, first.ca.fingerprint);
    t.is(pki.server.keyPem, first.server.keyPem, "renewal keeps the key");
    t.is(readFileSync(pki.server.certFile, "utf8"), pki.server.certPem);
    return pki.server.certPem;
  };

  rmSync(first.server.certFile);
  const afterMissing = renewed();
  t.truthy(new X509Certificate(afterMissing).checkHost("new.example.com"), "renewed for a new name");

  const expiring = issueServerCertificate(first.ca, {
    commonName: "broker",
    dnsNames: ["localhost", hostname(), "new.example.com"],
    ipAddresses: ["127.0.0.1", "::1"],
    validityDays: 10,
    keyPem: first.server.keyPem,
  });
  writePublicFile(first.server.certFile, expiring.certPem);
  t.not(renewed(), expiring.certPem);

  const foreign = issueServerCertificate(ca, {
    commonName: "broker",
    dnsNames: ["localhost", hostname(), "new.example.com"],
    ipAddresses: ["127.0.0.1", "::1"],
    keyPem: first.server.keyPem,
  });
  writePublicFile(first.server.certFile, foreign.certPem);
  t.true(new X509Certificate(renewed()).checkIssued(new X509Certificate(first.ca.certPem)));
});

test("ensureBrokerPki refuses to start with a key readable by others", (t) => {
  const dir = temporaryDirectory(t);
  const { server } = ensureBrokerPki(dir);
  chmodSync(server.keyFile, 0o644);
  const error = t.throws(() => ensureBrokerPki(dir), { instanceOf: InsecureFileError });
  t.true(error.message.includes(server.keyFile));
  t.true(error.message.includes("chmod 600"));
});

test("ensureBrokerPki refuses to replace a CA certificate whose key is lost", (t) => {
  const dir = temporaryDirectory(t);
  ensureBrokerPki(dir);
  rmSync(join(dir, "ca.key"));
  t.throws(() => ensureBrokerPki(dir), { instanceOf: BrokerPkiError, message: /ca\.key is missing/ });
});

/** A process that calls ensureBrokerPki(dir) when told "go" on stdin, and prints the outcome as a JSON line. */
function startWorker(dir: string) {
  const brokerPkiModule = new URL("../certs/broker-pki.js", import.meta.url).href;
  const script = `
    import { ensureBrokerPki } from ${JSON.stringify(brokerPkiModule)};
    process.stdout.write("ready\\n");
    process.stdin.once("data", () => {
      const { ca, server } = ensureBrokerPki(process.argv[1]);
      const result = { fingerprint: ca.fingerprint, serverCertPem: server.certPem, serverKeyPem: server.keyPem };
      process.stdout.write(JSON.stringify(result) + "\\n");
      process.stdin.destroy();
    });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, dir], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines, exited: once(child, "exit") };
}

interface WorkerResult {
  fingerprint: string;
  serverCertPem: string;
  serverKeyPem: string;
}

test("concurrent ensureBrokerPki calls in separate processes end with one CA", async (t) => {
  const dir = temporaryDirectory(t);
  const workers = Array.from({ length: 4 }, () => startWorker(dir));
  // Start them together, once every process has loaded its modules.
  for (const { lines } of workers) t.is((await lines.next()).value, "ready");
  for (const { child } of workers) child.stdin.write("go\n");
  const results: WorkerResult[] = [];
  for (const { lines, exited } of workers) {
    results.push(JSON.parse((await lines.next()).value as string) as WorkerResult);
    t.deepEqual(await exited, [0, null]);
  }

  const onDisk = ensureBrokerPki(dir);
  const diskCa = new X509Certificate(onDisk.ca.certPem);
  for (const result of results) {
    t.is(result.fingerprint, onDisk.ca.fingerprint);
    t.is(result.serverKeyPem, onDisk.server.keyPem);
    t.true(new X509Certificate(result.serverCertPem).verify(diskCa.publicKey));
  }
  const diskServer = new X509Certificate(readFileSync(onDisk.server.certFile));
  t.true(diskServer.checkPrivateKey(createPrivateKey(readFileSync(onDisk.server.keyFile))));
  const files = ["broker.key", "broker.pem", "ca.key", "ca.pem", "gateway.key", "gateway.pem"];
  t.deepEqual(readdirSync(dir).sort(), files, "no temporary files left");
});

test("ensureBrokerPki loads a CA whose certificate lands just after its key", async (t) => {
  const dir = temporaryDirectory(t);
  writePrivateFile(join(dir, "ca.key"), ca.keyPem);
  const worker = startWorker(dir);
  t.is((await worker.lines.next()).value, "ready");
  worker.child.stdin.write("go\n");
  writePublicFile(join(dir, "ca.pem"), ca.certPem);
  t.is((JSON.parse((await worker.lines.next()).value as string) as WorkerResult).fingerprint, ca.fingerprint);
  t.deepEqual(await worker.exited, [0, null]);
});
