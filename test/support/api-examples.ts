/**
 * Sample bodies from the DCV Session Manager Developer Guide (shared/seeds/001), reassembled where the
 * guide's page breaks split them. Where the guide contradicts the YAML, the YAML wins and the
 * correction is noted. Clone before mutating: these objects are shared.
 */

const endpoints = [
  { IpAddress: 'x.x.x.x', Port: 8443, WebUrlPath: '/', Protocol: 'HTTP' },
  { IpAddress: 'x.x.x.x', Port: 9443, WebUrlPath: '/', Protocol: 'HTTP' },
  { IpAddress: 'x.x.x.x', Port: 8443, WebUrlPath: '', Protocol: 'QUIC' },
];

const sessionTags = [
  { Key: 'os', Value: 'windows' },
  { Key: 'ram', Value: '4gb' },
];

export const describeSessionsResponse = {
  Sessions: [
    {
      Id: 'SessionId1897',
      Name: 'a session name',
      Owner: 'an owner 1890',
      Server: { Ip: '1.1.1.123', Hostname: 'server hostname', Port: '1222', Endpoints: endpoints, Tags: sessionTags },
      Type: 'VIRTUAL',
      State: 'READY',
      CreationTime: '2020-10-06T10:15:31.633Z',
      LastDisconnectionTime: '2020-10-06T10:15:31.633Z',
      NumOfConnections: 2,
      StorageRoot: '/storage/root',
    },
  ],
};

export const createSessionsRequest = [
  {
    Name: 'session1',
    Owner: 'user1',
    Type: 'CONSOLE',
    MaxConcurrentClients: 1,
    PermissionsFile: '/dcv/permissions.file',
    Requirements: "tag:os = 'windows' and server:Host.Memory.TotalBytes > 1024",
    StorageRoot: '/storage/root',
  },
  { Name: 'session2', Owner: 'user1', Type: 'VIRTUAL', AutorunFile: 'myapp.sh', MaxConcurrentClients: 1, DcvGlEnabled: false, Requirements: "tag:os = 'linux'" },
  {
    Name: 'session3',
    Owner: 'user1',
    Type: 'VIRTUAL',
    InitFile: '/dcv/script.sh',
    AutorunFile: 'myapp.sh',
    AutorunFileArguments: ['argument1', 'argument2'],
    MaxConcurrentClients: 1,
    DcvGlEnabled: false,
    Requirements: "tag:os = 'linux'",
  },
];

export const createSessionsResponse = {
  RequestId: 'e32d0b83-25f7-41e7-8c8b-e89326ecc87f',
  SuccessfulList: [
    { Id: '78b45deb-1163-46b1-879b-7d8fcbe9d9d6', Name: 'session1', Owner: 'user1', Type: 'CONSOLE', State: 'CREATING' },
    { Id: 'a0c743c4-9ff7-43ce-b13f-0c4d55a268dd', Name: 'session2', Owner: 'user1', Type: 'VIRTUAL', State: 'CREATING' },
    { Id: '10311636-df90-4cd1-bcf7-474e9675b7cd', Name: 'session3', Owner: 'user1', Type: 'VIRTUAL', State: 'CREATING' },
  ],
  UnsuccessfulList: [],
};

export const deleteSessionsResponse = {
  RequestId: '10311636-df90-4cd1-bcf7-474e9675b7cd',
  SuccessfulList: [{ SessionId: 'SessionId123', State: 'DELETING' }],
  UnsuccessfulList: [{ SessionId: 'SessionIdabc', FailureReason: 'The requested dcvSession does not exist' }],
};

export const openServersResponse = {
  RequestId: '1e64830f-0a27-41bf-8147-0f3411791b64',
  SuccessfulList: [{ ServerId: 'serverId1' }],
  UnsuccessfulList: [
    { OpenServerRequestData: { ServerId: 'serverId2' }, FailureCode: 'DCV_SERVER_NOT_FOUND', FailureReason: 'Dcv server not found.' },
  ],
};

/** The guide prints `OpenServerRequestData` here too; the YAML's CloseServerUnsuccessfulResponse says `CloseServerRequestData`. */
export const closeServersResponse = {
  RequestId: '4d7839b2-a03c-4b34-a40d-06c8b21099e6',
  SuccessfulList: [{ ServerId: 'serverId1' }],
  UnsuccessfulList: [
    { CloseServerRequestData: { ServerId: 'serverId2' }, FailureCode: 'DCV_SERVER_NOT_FOUND', FailureReason: 'Dcv server not found.' },
  ],
};

export const describeServersResponse = {
  RequestId: 'request-id-123',
  Servers: [
    {
      Id: 'ServerId123',
      Ip: '1.1.1.123',
      Hostname: 'node001',
      DefaultDnsName: 'node001',
      Endpoints: [{ IpAddress: 'x.x.x.x', Port: 8443, WebUrlPath: '/', Protocol: 'HTTP' }],
      Version: '2021.0.10000',
      SessionManagerAgentVersion: '2021.0.300',
      Availability: 'UNAVAILABLE',
      UnavailabilityReason: 'SERVER_FULL',
      ConsoleSessionCount: 1,
      VirtualSessionCount: 0,
      Host: {
        Os: { Family: 'windows', Name: 'Windows Server 2016 Datacenter', Version: '10.0.14393', BuildNumber: '14393' },
        Memory: { TotalBytes: 8795672576, UsedBytes: 1743886336 },
        Swap: { TotalBytes: 0, UsedBytes: 0 },
        Aws: { Region: 'us-west-2b', EC2InstanceType: 't2.large', EC2InstanceId: 'i-123456789', EC2ImageId: 'ami-12345678987654321' },
        CpuInfo: {
          Vendor: 'GenuineIntel',
          ModelName: 'Intel(R) Xeon(R) CPU E5-2676 v3 @ 2.40GHz',
          Architecture: 'x86_64',
          NumberOfCpus: 2,
          PhysicalCoresPerCpu: 3,
        },
        CpuLoadAverage: { OneMinute: 0.04853546, FiveMinutes: 0.21060601, FifteenMinutes: 0.18792416 },
        Gpus: [],
        LoggedInUsers: [{ Username: 'Administrator' }],
      },
      Tags: [
        { Key: 'color', Value: 'pink' },
        { Key: 'dcv:os-family', Value: 'windows' },
        { Key: 'size', Value: 'small' },
        { Key: 'dcv:max-virtual-sessions', Value: '0' },
      ],
    },
    {
      Id: 'server-id-12456897',
      Ip: '1.1.1.145',
      Hostname: 'node002',
      DefaultDnsName: 'node002',
      Endpoints: [
        { IpAddress: 'x.x.x.x', Port: 8443, WebUrlPath: '/', Protocol: 'HTTP' },
        { IpAddress: 'x.x.x.x', Port: 8443, Protocol: 'QUIC' },
      ],
      Version: '2021.0.10000',
      SessionManagerAgentVersion: '2021.0.0',
      Availability: 'AVAILABLE',
      ConsoleSessionCount: 0,
      VirtualSessionCount: 5,
      Host: {
        Os: { Family: 'linux', Name: 'Amazon Linux', Version: '2', KernelVersion: '4.14.203-156.332.amzn2.x86_64' },
        Memory: { TotalBytes: 32144048128, UsedBytes: 2184925184 },
        Swap: { TotalBytes: 0, UsedBytes: 0 },
        Aws: { Region: 'us-west-2a', EC2InstanceType: 'g3s.xlarge', EC2InstanceId: 'i-123456789', EC2ImageId: 'ami-12345678987654321' },
        CpuInfo: {
          Vendor: 'GenuineIntel',
          ModelName: 'Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz',
          Architecture: 'x86_64',
          NumberOfCpus: 4,
          PhysicalCoresPerCpu: 2,
        },
        CpuLoadAverage: { OneMinute: 2.24, FiveMinutes: 0.97, FifteenMinutes: 0.74 },
        Gpus: [{ Vendor: 'NVIDIA Corporation', ModelName: 'GM204GL [Tesla M60]' }],
        LoggedInUsers: [{ Username: 'user45687' }, { Username: 'user789' }],
      },
      Tags: [
        { Key: 'size', Value: 'big' },
        { Key: 'dcv:os-family', Value: 'linux' },
        { Key: 'dcv:max-virtual-sessions', Value: '10' },
        { Key: 'color', Value: 'blue' },
      ],
    },
  ],
};

/** The guide's sample spells the endpoints in snake_case (`endpoints`, `web_url_path`); the YAML keys are used here. */
export const getSessionConnectionDataResponse = {
  Session: {
    Id: 'sessionId12345',
    Name: 'a session name',
    Owner: 'an owner 1890',
    Server: { Ip: '1.1.1.123', Hostname: 'server hostname', Port: '1222', Endpoints: endpoints, WebUrlPath: '/path', Tags: sessionTags },
    Type: 'VIRTUAL',
    State: 'UNKNOWN',
    CreationTime: '2020-10-06T10:15:31.633Z',
    LastDisconnectionTime: '2020-10-06T10:15:31.633Z',
    NumOfConnections: 2,
  },
  ConnectionToken: 'EXAMPLEi0iJm0WM1YTRhZi1jZmU0LTQ0ZjEtYjZlOC04ZjY0YjM4ZTE2ZDkiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUz',
};

export const getSessionScreenshotsResponse = {
  RequestId: '542735ef-f6ab-47d8-90e5-23df31d8d166',
  SuccessfulList: [
    {
      SessionScreenshot: {
        SessionId: 'sessionId1',
        Images: [{ Format: 'png', Data: 'iVBORw0KGgoAAAANSUhEUgAAEXAMPLE', CreationTime: '2021-03-30T15:47:06.822Z', Primary: true }],
      },
    },
  ],
  UnsuccessfulList: [{ GetSessionScreenshotRequestData: { SessionId: 'sessionId2' }, FailureReason: 'Dcv session not found.' }],
};
