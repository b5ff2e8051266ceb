import type { experimental } from "@grpc/grpc-js";

type CertificateProvider = experimental.CertificateProvider;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * Serves the broker's CA and identity to grpc-js and lets them be replaced
 * while the server runs (new handshakes use the new material; open streams
 * stay up).
 */
export class StaticCertificateProvider implements CertificateProvider {
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();

  constructor(private material: TlsMaterial) {}

  update(material: TlsMaterial): void {
    this.material = material;
    for (const listener of this.caListeners) listener(this.caUpdate());
    for (const listener of this.identityListeners) listener(this.identityUpdate());
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    // grpc-js registers its own watcher only after adding ours: deliver later.
    queueMicrotask(() => listener(this.caUpdate()));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => listener(this.identityUpdate()));
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }

  private caUpdate() {
    return { caCertificate: Buffer.from(this.material.caPem) };
  }

  private identityUpdate() {
    return { certificate: Buffer.from(this.material.certPem), privateKey: Buffer.from(this.material.keyPem) };
  }
}
