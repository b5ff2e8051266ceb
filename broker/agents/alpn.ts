/** TLS record type and handshake type that start a ClientHello. */
const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const ALPN_EXTENSION = 0x0010;

export type ClientHelloScan =
  | { complete: false }
  /** `protocols` is empty when the client offers no ALPN, undefined when the bytes are not a TLS ClientHello. */
  | { complete: true; protocols: string[] | undefined };

/**
 * Reads the ALPN protocols a TLS client offers from the first record of its
 * ClientHello, without terminating TLS.
 */
export function scanClientHello(data: Buffer): ClientHelloScan {
  if (data.length < 5) return { complete: false };
  if (data[0] !== HANDSHAKE) return { complete: true, protocols: undefined };
  const recordEnd = 5 + data.readUInt16BE(3);
  if (data.length < recordEnd) return { complete: false };
  try {
    return { complete: true, protocols: alpnOf(data.subarray(5, recordEnd)) };
  } catch {
    return { complete: true, protocols: undefined };
  }
}

function alpnOf(handshake: Buffer): string[] | undefined {
  if (handshake[0] !== CLIENT_HELLO) return undefined;
  let offset = 4 + 2 + 32; // handshake header, client_version, random
  offset += 1 + handshake.readUInt8(offset); // session_id
  offset += 2 + handshake.readUInt16BE(offset); // cipher_suites
  offset += 1 + handshake.readUInt8(offset); // compression_methods
  if (offset >= handshake.length) return [];
  const extensionsEnd = offset + 2 + handshake.readUInt16BE(offset);
  offset += 2;
  while (offset + 4 <= extensionsEnd) {
    const type = handshake.readUInt16BE(offset);
    const length = handshake.readUInt16BE(offset + 2);
    offset += 4;
    if (type === ALPN_EXTENSION) return protocolList(handshake.subarray(offset + 2, offset + length));
    offset += length;
  }
  return [];
}

function protocolList(list: Buffer): string[] {
  const protocols: string[] = [];
  for (let offset = 0; offset < list.length; ) {
    const length = list.readUInt8(offset);
    protocols.push(list.subarray(offset + 1, offset + 1 + length).toString("latin1"));
    offset += 1 + length;
  }
  return protocols;
}
