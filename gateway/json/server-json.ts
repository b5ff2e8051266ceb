import { Availability, type Server, UnavailabilityReason } from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { type Endpoint, type Host, type Tag, Transport } from "../../gen/es/dcvsm/fleet/v1/fleet_pb.js";
import { compact, enumName } from "./compact.js";

export function endpointJson(endpoint: Endpoint) {
  return {
    IpAddress: endpoint.ipAddress,
    Port: endpoint.port,
    WebUrlPath: endpoint.webUrlPath,
    Protocol: enumName(Transport, endpoint.protocol),
  };
}

export function tagJson(tag: Tag) {
  return { Key: tag.key, Value: tag.value };
}

export function hostJson(host: Host) {
  return compact({
    Os: host.os && compact({
      Family: host.os.family,
      Name: host.os.name,
      Version: host.os.version,
      KernelVersion: host.os.kernelVersion,
      BuildNumber: host.os.buildNumber,
    }),
    Memory: host.memory && { TotalBytes: Number(host.memory.totalBytes), UsedBytes: Number(host.memory.usedBytes) },
    Swap: host.swap && { TotalBytes: Number(host.swap.totalBytes), UsedBytes: Number(host.swap.usedBytes) },
    Aws: host.aws && compact({
      Region: host.aws.region,
      EC2InstanceType: host.aws.ec2InstanceType,
      EC2InstanceId: host.aws.ec2InstanceId,
      EC2ImageId: host.aws.ec2ImageId,
    }),
    CpuInfo: host.cpuInfo && {
      Vendor: host.cpuInfo.vendor,
      ModelName: host.cpuInfo.modelName,
      Architecture: host.cpuInfo.architecture,
      NumberOfCpus: host.cpuInfo.numberOfCpus,
      PhysicalCoresPerCpu: host.cpuInfo.physicalCoresPerCpu,
    },
    CpuLoadAverage: host.cpuLoadAverage && {
      OneMinute: host.cpuLoadAverage.oneMinute,
      FiveMinutes: host.cpuLoadAverage.fiveMinutes,
      FifteenMinutes: host.cpuLoadAverage.fifteenMinutes,
    },
    Gpus: host.gpus.map((gpu) => ({ Vendor: gpu.vendor, ModelName: gpu.modelName })),
    LoggedInUsers: host.loggedInUsers.map((user) => ({ Username: user.username })),
  });
}

export function serverJson(server: Server) {
  return compact({
    Id: server.id,
    Ip: server.ip,
    Hostname: server.hostname,
    DefaultDnsName: server.defaultDnsName,
    Port: server.port,
    Endpoints: server.endpoints.map(endpointJson),
    WebUrlPath: server.webUrlPath,
    Version: server.version,
    SessionManagerAgentVersion: server.sessionManagerAgentVersion,
    Availability: enumName(Availability, server.availability),
    UnavailabilityReason: enumName(UnavailabilityReason, server.unavailabilityReason),
    ConsoleSessionCount: server.consoleSessionCount,
    VirtualSessionCount: server.virtualSessionCount,
    Host: server.host && hostJson(server.host),
    Tags: server.tags.map(tagJson),
  });
}
