import { constants, privateEncrypt, type KeyObject } from "node:crypto";
import forge from "node-forge";

/** DER prefix of DigestInfo{sha256}: RSASSA-PKCS1-v1_5 signs DigestInfo || hash (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from("3031300d060960864801650304020105000420", "hex");

/** A forge certificate or certification request: both sign by calling `key.sign(md)`. */
interface ForgeSignable {
  sign(key: forge.pki.rsa.PrivateKey, md: forge.md.MessageDigest): void;
}

/**
 * Signs with SHA-256 and RSA PKCS#1 v1.5, forge building the structure and native crypto doing
 * the RSA private-key operation (forge's own is pure JavaScript and slow).
 */
export function signWithNativeKey(signable: ForgeSignable, privateKey: KeyObject): void {
  const nativeKey = {
    sign(md: forge.md.MessageDigest): string {
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, Buffer.from(md.digest().getBytes(), "binary")]);
      return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString("binary");
    },
  };
  signable.sign(nativeKey as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
}
