import { createPrivateKey } from "node:crypto";
import forge from "node-forge";
import { signerOf, type CertificateAuthority } from "./authority.js";
import { buildCertificate, distinguishedName, withUnixNewlines, type BuiltCertificate } from "./certificate-builder.js";
import { generateRsaKeyPair } from "./keys.js";
import { signWithNativeKey } from "./native-signer.js";

/** What the broker certifies, whatever the request asks for. */
export interface CsrPolicy {
  /** The certificate's only subject attribute (CN). */
  identity: string;
  validitySeconds: number;
}

export type SignedClientCertificate = BuiltCertificate;

export class CsrRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`certificate signing request rejected: ${reason}`);
    this.name = "CsrRejectedError";
  }
}

const MIN_RSA_BITS = 2048;
// Bounds the cost of verifying a hostile request's signature.
const MAX_RSA_BITS = 8192;
const MAX_CSR_PEM_LENGTH = 16 * 1024;

/** Agent side: a new key and a CSR for it. */
export function createCertificateRequest(commonName: string): { keyPem: string; csrPem: string } {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  csr.setSubject(distinguishedName(commonName));
  signWithNativeKey(csr, createPrivateKey(privateKeyPem));
  return { keyPem: privateKeyPem, csrPem: withUnixNewlines(forge.pki.certificationRequestToPem(csr)) };
}

/**
 * Broker side: certifies the CSR's key for TLS client authentication as `policy.identity`.
 * Only the key is taken from the request; its subject is ignored and any requested
 * extension (names, usages, ...) rejects it.
 */
export function signClientCertificate(
  ca: CertificateAuthority,
  csrPem: string,
  policy: CsrPolicy,
): SignedClientCertificate {
  const csr = parseCsr(csrPem);
  const publicKey = csr.publicKey as forge.pki.rsa.PublicKey;
  const bits = publicKey.n.bitLength();
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
    throw new CsrRejectedError(`RSA key has ${bits} bits; ${MIN_RSA_BITS} to ${MAX_RSA_BITS} required`);
  }
  if (!verifiesItself(csr)) {
    throw new CsrRejectedError("its signature does not verify with its own key (altered, or signed with another key)");
  }
  const requested = requestedExtensions(csr);
  if (requested.length > 0) {
    const list = requested.join(", ");
    throw new CsrRejectedError(`it requests extensions (${list}); the broker grants no extra names or usages`);
  }
  return buildCertificate(
    {
      commonName: policy.identity,
      publicKey,
      validitySeconds: policy.validitySeconds,
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, critical: true },
        { name: "extKeyUsage", clientAuth: true },
      ],
    },
    signerOf(ca),
  );
}

function parseCsr(csrPem: string): forge.pki.CertificateSigningRequest {
  if (typeof csrPem !== "string" || csrPem.length > MAX_CSR_PEM_LENGTH) {
    throw new CsrRejectedError(`expected a PEM string of at most ${MAX_CSR_PEM_LENGTH} characters`);
  }
  try {
    return forge.pki.certificationRequestFromPem(csrPem);
  } catch (error) {
    throw new CsrRejectedError(`not a PEM-encoded PKCS#10 request for an RSA key (${(error as Error).message})`);
  }
}

function verifiesItself(csr: forge.pki.CertificateSigningRequest): boolean {
  try {
    return csr.verify();
  } catch {
    return false; // e.g. an unsupported signature algorithm
  }
}

function requestedExtensions(csr: forge.pki.CertificateSigningRequest): string[] {
  return csr.attributes
    .filter((attribute) => attribute.type === forge.pki.oids.extensionRequest)
    .flatMap((attribute) => (attribute.extensions ?? []) as { name?: string; id: string }[])
    .map((extension) => extension.name || extension.id);
}
