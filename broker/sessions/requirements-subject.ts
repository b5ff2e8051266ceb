import { tagsOf } from "../servers/server-load.js";
import type { ServerState } from "../servers/server-registry.js";
import type { ServerProperty } from "./requirements/ast.js";
import type { RequirementsSubject } from "./requirements/evaluate.js";

/** A server as Requirements see it: its tags (reserved dcv:* included) and the documented `server:` properties. */
export function requirementsSubject(server: ServerState): RequirementsSubject {
  const tags = new Map(tagsOf(server).map((tag) => [tag.key, tag.value]));
  const { report } = server;
  const host = report.host;
  const present = (value: string | undefined) => (value === "" ? undefined : value);
  const properties: Record<ServerProperty, string | number | undefined> = {
    Id: server.id,
    Hostname: present(report.hostname),
    Version: present(report.dcvVersion),
    SessionManagerAgentVersion: present(server.agentVersion),
    "Host.Os.BuildNumber": present(host?.os?.buildNumber),
    "Host.Os.Family": present(host?.os?.family),
    "Host.Os.KernelVersion": present(host?.os?.kernelVersion),
    "Host.Os.Name": present(host?.os?.name),
    "Host.Os.Version": present(host?.os?.version),
    "Host.Memory.TotalBytes": host?.memory?.totalBytes,
    "Host.Memory.UsedBytes": host?.memory?.usedBytes,
    "Host.Swap.TotalBytes": host?.swap?.totalBytes,
    "Host.Swap.UsedBytes": host?.swap?.usedBytes,
    "Host.CpuLoadAverage.OneMinute": host?.cpuLoadAverage?.oneMinute,
    "Host.CpuLoadAverage.FiveMinutes": host?.cpuLoadAverage?.fiveMinutes,
    "Host.CpuLoadAverage.FifteenMinutes": host?.cpuLoadAverage?.fifteenMinutes,
    "Host.Aws.Ec2InstanceId": present(host?.aws?.ec2InstanceId),
    "Host.Aws.Ec2InstanceType": present(host?.aws?.ec2InstanceType),
    "Host.Aws.Region": present(host?.aws?.region),
    "Host.Aws.Ec2ImageId": present(host?.aws?.ec2ImageId),
    "Host.CpuInfo.Architecture": present(host?.cpuInfo?.architecture),
    "Host.CpuInfo.ModelName": present(host?.cpuInfo?.modelName),
    "Host.CpuInfo.NumberOfCpus": host?.cpuInfo?.numberOfCpus,
    "Host.CpuInfo.PhysicalCoresPerCpu": host?.cpuInfo?.physicalCoresPerCpu,
    "Host.CpuInfo.Vendor": present(host?.cpuInfo?.vendor),
  };
  return { tag: (key) => tags.get(key), property: (name) => properties[name] };
}
