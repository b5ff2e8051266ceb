import { arch, cpus, freemem, hostname, loadavg, networkInterfaces, platform, release, totalmem, type } from "node:os";
import type { Host } from "../gen/ts-proto/dcvsm/fleet/v1/fleet.js";

/** The first non-loopback IPv4 address, else loopback. */
export function primaryIpAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === "IPv4" && !address.internal) return address.address;
    }
  }
  return "127.0.0.1";
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
