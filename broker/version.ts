/** Reported to agents and in DescribeServers; follows the package version. */
export const BROKER_VERSION = "0.1.0";
