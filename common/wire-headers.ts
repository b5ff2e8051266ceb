/** Metadata the gateway and the broker exchange on internal API calls. */

/** The request field at fault, on an INVALID_ARGUMENT error from the broker. */
export const FIELD_HEADER = "x-dcvsm-field";

/** The gateway's request id, also the REST response's RequestId. */
export const REQUEST_ID_HEADER = "x-request-id";
