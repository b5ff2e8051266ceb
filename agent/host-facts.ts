import {
  arch,
  cpus,
  freemem,
  hostname,
  loadavg,
  networkInterfaces,
  platform,
  release,
  totalmem,
  type,
  type NetworkInterfaceInfo,
} from "node:os";
import type { Host } from "../gen/ts-proto/dcvsm/fleet/v1/fleet.js";

/** The IPv4 address the agent reports for this host; see `pickIpAddress`. */
export function primaryIpAddress(preferredInterface: string): string {
  return pickIpAddress(networkInterfaces(), preferredInterface, platform() === "win32");
}

/**
 * The preferred interface's IPv4 address when it has one (interface names are case-insensitive on
 * Windows), else the first non-loopback IPv4 address, else loopback.
 */
export function pickIpAddress(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  preferredInterface: string,
  caseInsensitiveNames: boolean,
): string {
  const sameName = (name: string) =>
    caseInsensitiveNames ? name.toLowerCase() === preferredInterface.toLowerCase() : name === preferredInterface;
  const entries = Object.entries(interfaces);
  const preferred = entries.find(([name]) => preferredInterface !== "" && sameName(name))?.[1] ?? [];
  const ipv4 = (address: NetworkInterfaceInfo) => address.family === "IPv4";
  const fallback = entries.flatMap(([, addresses]) => addresses ?? []).find((address) => ipv4(address) && !address.internal);
  return (preferred.find(ipv4) ?? fallback)?.address ?? "127.0.0.1";
}

const OS_FAMILY: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", win32: "windows", darwin: "macos" };

/** What DescribeServers shows under Host, read from this machine. */
export function readHostFacts(): Host {
  const processors = cpus();
  const total = totalmem();
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return {
    os: {
      family: OS_FAMILY[platform()] ?? platform(),
      name: type(),
      version: release(),
      kernelVersion: platform() === "win32" ? "" : release(),
      buildNumber: "",
    },
    memory: { totalBytes: total, usedBytes: total - freemem() },
    swap: { totalBytes: 0, usedBytes: 0 },
    aws: undefined,
    cpuInfo: {
      vendor: "",
      modelName: processors[0]?.model ?? "",
      architecture: arch(),
      numberOfCpus: processors.length,
      physicalCoresPerCpu: 0,
    },
    cpuLoadAverage: { oneMinute: one, fiveMinutes: five, fifteenMinutes: fifteen },
    gpus: [],
    loggedInUsers: [],
  };
}

export function hostName(): string {
  return hostname();
}
