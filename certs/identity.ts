import { X509Certificate } from "node:crypto";

/** The subject as Node presents it in `tls.PeerCertificate` (also `X509Certificate#toLegacyObject()`). */
export interface PeerCertificateLike {
  subject?: { CN?: string | string[] };
}

export interface CertificateDescription {
  /** The subject's common name. */
  identity: string | undefined;
  /** Lowercase hex. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * The subject common name of a peer certificate (as from `socket.getPeerCertificate()`), a DER
 * certificate or a PEM one. Undefined when there is none, or several (an ambiguous identity).
 */
export function identityOf(certificate: PeerCertificateLike | Buffer | string): string | undefined {
  const peer =
    Buffer.isBuffer(certificate) || typeof certificate === "string"
      ? new X509Certificate(certificate).toLegacyObject()
      : certificate;
  const commonName = peer.subject?.CN;
  const single = Array.isArray(commonName) ? (commonName.length === 1 ? commonName[0] : undefined) : commonName;
  return single === "" ? undefined : single;
}

export function describeCertificate(certPem: string): CertificateDescription {
  const certificate = new X509Certificate(certPem);
  return {
    identity: identityOf(certificate.toLegacyObject()),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}
