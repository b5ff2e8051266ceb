/** The server properties a requirement may name after `server:`, spelled exactly as DCV Session Manager does. */
export const SERVER_PROPERTIES = [
  "Id",
  "Hostname",
  "Version",
  "SessionManagerAgentVersion",
  "Host.Os.BuildNumber",
  "Host.Os.Family",
  "Host.Os.KernelVersion",
  "Host.Os.Name",
  "Host.Os.Version",
  "Host.Memory.TotalBytes",
  "Host.Memory.UsedBytes",
  "Host.Swap.TotalBytes",
  "Host.Swap.UsedBytes",
  "Host.CpuLoadAverage.OneMinute",
  "Host.CpuLoadAverage.FiveMinutes",
  "Host.CpuLoadAverage.FifteenMinutes",
  "Host.Aws.Ec2InstanceId",
  "Host.Aws.Ec2InstanceType",
  "Host.Aws.Region",
  "Host.Aws.Ec2ImageId",
  "Host.CpuInfo.Architecture",
  "Host.CpuInfo.ModelName",
  "Host.CpuInfo.NumberOfCpus",
  "Host.CpuInfo.PhysicalCoresPerCpu",
  "Host.CpuInfo.Vendor",
] as const;

export type ServerProperty = (typeof SERVER_PROPERTIES)[number];

export function isServerProperty(name: string): name is ServerProperty {
  return (SERVER_PROPERTIES as readonly string[]).includes(name);
}

/** A key written without a prefix (`ram_gb = '4'`) is a tag key, so it parses to `kind: "tag"` like `tag:ram_gb`. */
export type Operand = { kind: "tag"; key: string } | { kind: "server"; property: ServerProperty };

export const COMPARISONS = ["=", "!=", ">", ">=", "<", "<=", ":="] as const;

export type Comparison = (typeof COMPARISONS)[number];

/** A number keeps the text it was written as (`1024E6`), so printing gives back what the user wrote. */
export type Literal = { kind: "string"; value: string } | { kind: "number"; value: number; text: string };

export type Expression =
  | { kind: "condition"; left: Operand; op: Comparison; right: Literal }
  | { kind: "and" | "or"; left: Expression; right: Expression }
  | { kind: "not"; operand: Expression };
