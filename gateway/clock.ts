/** Milliseconds since some fixed origin, like Date.now; injected where tests need to control time. */
export type Clock = () => number;
