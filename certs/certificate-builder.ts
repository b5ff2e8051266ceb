import { randomBytes, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { signWithNativeKey } from "./native-signer.js";

/** Certificates start this far in the past so that peers whose clocks run slow accept them. */
const CLOCK_SKEW_SECONDS = 5 * 60;

/** Who signs a certificate: a CA, or the subject itself for a self-signed CA certificate. */
export interface CertificateSigner {
  /** The signer's subject, which becomes the certificate's issuer. */
  name: forge.pki.CertificateField[];
  /** The signer's subjectKeyIdentifier, as a binary string. */
  keyIdentifier: string;
  privateKey: KeyObject;
}

export interface CertificateTemplate {
  commonName: string;
  publicKey: forge.pki.rsa.PublicKey;
  validitySeconds: number;
  /** forge extension descriptors; the key identifiers are added to every certificate. */
  extensions: object[];
}

export interface BuiltCertificate {
  certPem: string;
  /** Lowercase hex. */
  serialNumber: string;
  notAfter: Date;
}

export function buildCertificate(template: CertificateTemplate, signer: CertificateSigner): BuiltCertificate {
  if (!Number.isFinite(template.validitySeconds) || template.validitySeconds <= 0) {
    throw new RangeError(`certificate validity must be a positive number of seconds, got ${template.validitySeconds}`);
  }
  // X.509 times have whole seconds; round so that the returned notAfter equals the certificate's.
  const nowSeconds = Math.floor(Date.now() / 1000);
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialNumber();
  cert.validity.notBefore = new Date((nowSeconds - CLOCK_SKEW_SECONDS) * 1000);
  cert.validity.notAfter = new Date((nowSeconds + Math.floor(template.validitySeconds)) * 1000);
  cert.publicKey = template.publicKey;
  cert.setSubject(distinguishedName(template.commonName));
  cert.setIssuer(signer.name);
  cert.setExtensions([
    ...template.extensions,
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: signer.keyIdentifier },
  ]);
  signWithNativeKey(cert, signer.privateKey);
  return {
    certPem: withUnixNewlines(forge.pki.certificateToPem(cert)),
    serialNumber: cert.serialNumber,
    notAfter: cert.validity.notAfter,
  };
}

/** A subject holding only a UTF-8 common name (forge defaults to PrintableString, which forbids '@', '_', ...). */
export function distinguishedName(commonName: string): forge.pki.CertificateField[] {
  if (commonName === "") throw new RangeError("a certificate's common name must not be empty");
  // @types/node-forge types valueTagClass as asn1.Class, but forge stores the value's asn1.Type there.
  return [{ name: "commonName", value: commonName, valueTagClass: forge.asn1.Type.UTF8 as number as forge.asn1.Class }];
}

/** The RFC 5280 method-1 key identifier (SHA-1 of the RSAPublicKey), as forge computes for subjectKeyIdentifier. */
export function keyIdentifierOf(publicKey: forge.pki.rsa.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, { type: "RSAPublicKey", encoding: "binary" });
}

/** forge writes PEM with CRLF line ends; Node and OpenSSL write LF. */
export function withUnixNewlines(pem: string): string {
  return pem.replace(/\r\n/g, "\n");
}

function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  // Leading byte 0x40-0x7f: the DER INTEGER is positive and has no padding byte.
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString("hex");
}
