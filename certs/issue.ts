import { createPrivateKey, createPublicKey } from "node:crypto";
import { isIP } from "node:net";
import forge from "node-forge";
import { signerOf, type CertificateAuthority } from "./authority.js";
import { buildCertificate } from "./certificate-builder.js";
import { generateRsaKeyPair } from "./keys.js";

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

export interface ServerCertificateOptions {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  /** Default 825. */
  validityDays?: number;
  /** Also allow the certificate to authenticate as a TLS client. */
  clientAuth?: boolean;
  /** Certify this existing PKCS#8 key (renewal) instead of generating a new one. */
  keyPem?: string;
}

const SECONDS_PER_DAY = 24 * 60 * 60;
const SAN_DNS_NAME = 2;
const SAN_IP_ADDRESS = 7;

export function issueServerCertificate(ca: CertificateAuthority, options: ServerCertificateOptions): IssuedCertificate {
  if (options.dnsNames.length + options.ipAddresses.length === 0) {
    throw new TypeError("a server certificate needs at least one DNS name or IP address");
  }
  const badAddress = options.ipAddresses.find((address) => isIP(address) === 0);
  if (badAddress !== undefined) throw new TypeError(`not an IP address: ${JSON.stringify(badAddress)}`);
  const keyPem = options.keyPem ?? generateRsaKeyPair().privateKeyPem;
  const publicKeyPem = createPublicKey(createPrivateKey(keyPem)).export({ type: "spki", format: "pem" }).toString();
  const { certPem, notAfter } = buildCertificate(
    {
      commonName: options.commonName,
      publicKey: forge.pki.publicKeyFromPem(publicKeyPem),
      validitySeconds: (options.validityDays ?? 825) * SECONDS_PER_DAY,
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true, clientAuth: options.clientAuth === true },
        {
          name: "subjectAltName",
          altNames: [
            ...options.dnsNames.map((value) => ({ type: SAN_DNS_NAME, value })),
            ...options.ipAddresses.map((ip) => ({ type: SAN_IP_ADDRESS, ip })),
          ],
        },
      ],
    },
    signerOf(ca),
  );
  return { certPem, keyPem, notAfter };
}
