import {
  Availability,
  type CreateSessionRequestData,
  type Server,
  type Session,
  SessionState,
  SessionSubstate,
  UnavailabilityReason,
} from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { type Endpoint, type Host, SessionType, type Tag, Transport } from "../../gen/es/dcvsm/fleet/v1/fleet_pb.js";
import { isoTime } from "./timestamp.js";

/** Drops undefined and empty-string members, so absent facts are absent keys. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined && member !== "")) as T;
}

const named = <E extends Record<number, string>>(names: E, value: number): string | undefined =>
  value === 0 ? undefined : names[value];

export function endpointJson(endpoint: Endpoint) {
  return {
    IpAddress: endpoint.ipAddress,
    Port: endpoint.port,
    WebUrlPath: endpoint.webUrlPath,
    Protocol: named(Transport, endpoint.protocol),
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
    Availability: named(Availability, server.availability),
    UnavailabilityReason: named(UnavailabilityReason, server.unavailabilityReason),
    ConsoleSessionCount: server.consoleSessionCount,
    VirtualSessionCount: server.virtualSessionCount,
    Host: server.host && hostJson(server.host),
    Tags: server.tags.map(tagJson),
  });
}

export function sessionJson(session: Session) {
  return compact({
    Id: session.id,
    Name: session.name,
    Owner: session.owner,
    Server: session.server && serverJson(session.server),
    Type: named(SessionType, session.type),
    MaxConcurrentClients: session.maxConcurrentClients,
    State: named(SessionState, session.state),
    Substate: named(SessionSubstate, session.substate),
    StateReason: session.stateReason,
    CreationTime: isoTime(session.creationTime),
    LastDisconnectionTime: isoTime(session.lastDisconnectionTime),
    NumOfConnections: session.numOfConnections,
    StorageRoot: session.storageRoot,
  });
}

/** A CreateSessions item echoed back in UnsuccessfulList. */
export function createSessionRequestJson(request: CreateSessionRequestData) {
  return compact({
    Name: request.name,
    Owner: request.owner,
    Type: named(SessionType, request.type),
    DcvGlEnabled: request.dcvGlEnabled,
    MaxConcurrentClients: request.maxConcurrentClients,
    InitFilePath: request.initFilePath,
    InitFile: request.initFile,
    AutorunFile: request.autorunFile,
    AutorunFileArguments: request.autorunFileArguments.length > 0 ? request.autorunFileArguments : undefined,
    PermissionsFile: request.permissionsFile,
    Requirements: request.requirements,
    EnqueueRequest: request.enqueueRequest || undefined,
    DisableRetryOnFailure: request.disableRetryOnFailure || undefined,
    StorageRoot: request.storageRoot,
  });
}
