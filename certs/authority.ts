import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { buildCertificate, distinguishedName, keyIdentifierOf, type CertificateSigner } from "./certificate-builder.js";
import { generateRsaKeyPair } from "./keys.js";

/** Treated as immutable: signers are cached per object. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
  /** Lowercase hex SHA-256 of the DER certificate. */
  readonly fingerprint: string;
}

export interface CertificateAuthorityOptions {
  commonName: string;
  /** Default 3650. */
  validityDays?: number;
}

/** A CA certificate or key that cannot be used. */
export class CertificateAuthorityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CertificateAuthorityError";
  }
}

const SECONDS_PER_DAY = 24 * 60 * 60;

export function createCertificateAuthority(options: CertificateAuthorityOptions): CertificateAuthority {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
  const publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  const selfSigner: CertificateSigner = {
    name: distinguishedName(options.commonName),
    keyIdentifier: keyIdentifierOf(publicKey),
    privateKey: createPrivateKey(privateKeyPem),
  };
  const { certPem } = buildCertificate(
    {
      commonName: options.commonName,
      publicKey,
      validitySeconds: (options.validityDays ?? 3650) * SECONDS_PER_DAY,
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
    selfSigner,
  );
  return { certPem, keyPem: privateKeyPem, fingerprint: certificateFingerprint(certPem) };
}

/** Checks that the certificate is a CA certificate and that the key belongs to it. */
export function loadCertificateAuthority(certPem: string, keyPem: string): CertificateAuthority {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch (error) {
    throw new CertificateAuthorityError(`CA certificate cannot be parsed: ${(error as Error).message}`);
  }
  if (!certificate.ca) throw new CertificateAuthorityError("CA certificate lacks basicConstraints cA=true");
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(keyPem));
  } catch (error) {
    throw new CertificateAuthorityError(`CA private key cannot be parsed: ${(error as Error).message}`);
  }
  if (!matches) throw new CertificateAuthorityError("CA private key does not belong to the CA certificate");
  return { certPem, keyPem, fingerprint: sha256Hex(certificate.raw) };
}

/** Lowercase hex SHA-256 of the DER certificate. */
export function certificateFingerprint(certPem: string): string {
  return sha256Hex(new X509Certificate(certPem).raw);
}

// A broker signs certificates for thousands of agents with one CA: parse its certificate and key once.
const signers = new WeakMap<CertificateAuthority, CertificateSigner>();

export function signerOf(ca: CertificateAuthority): CertificateSigner {
  let signer = signers.get(ca);
  if (signer === undefined) {
    const certificate = forge.pki.certificateFromPem(ca.certPem);
    const subjectKeyIdentifier = certificate.getExtension("subjectKeyIdentifier") as
      | { subjectKeyIdentifier: string }
      | undefined;
    signer = {
      name: certificate.subject.attributes.map(reencodable),
      keyIdentifier:
        subjectKeyIdentifier === undefined
          ? keyIdentifierOf(certificate.publicKey as forge.pki.rsa.PublicKey)
          : forge.util.hexToBytes(subjectKeyIdentifier.subjectKeyIdentifier),
      privateKey: createPrivateKey(ca.keyPem),
    };
    signers.set(ca, signer);
  }
  return signer;
}

/** forge reads UTF8String values as raw UTF-8 bytes but encodes them when writing: decode so they round-trip. */
function reencodable(attribute: forge.pki.CertificateField): forge.pki.CertificateField {
  const isUtf8 = (attribute.valueTagClass as number | undefined) === forge.asn1.Type.UTF8;
  return isUtf8 && typeof attribute.value === "string"
    ? { ...attribute, value: forge.util.decodeUtf8(attribute.value) }
    : attribute;
}

function sha256Hex(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex");
}
