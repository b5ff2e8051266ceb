import { arrayOf, boolean, integer, object, oneOf, required, string } from "./shape.js";

/** Request bodies of the official API (dcv-session-manager-api.yaml), field for field. */

export interface CreateSessionRequestJson {
  Name: string;
  Owner: string;
  Type: "CONSOLE" | "VIRTUAL";
  DcvGlEnabled?: boolean;
  MaxConcurrentClients?: number;
  InitFilePath?: string;
  InitFile?: string;
  AutorunFile?: string;
  AutorunFileArguments?: string[];
  PermissionsFile?: string;
  Requirements?: string;
  EnqueueRequest?: boolean;
  DisableRetryOnFailure?: boolean;
  StorageRoot?: string;
}

export const CREATE_SESSIONS_REQUEST = arrayOf(
  object({
    Name: required(string),
    Owner: required(string),
    Type: required(oneOf("CONSOLE", "VIRTUAL")),
    DcvGlEnabled: boolean,
    MaxConcurrentClients: integer(1, 100),
    InitFilePath: string,
    InitFile: string,
    AutorunFile: string,
    AutorunFileArguments: arrayOf(string),
    PermissionsFile: string,
    Requirements: string,
    EnqueueRequest: boolean,
    DisableRetryOnFailure: boolean,
    StorageRoot: string,
  }),
);

export interface DescribeSessionsRequestJson {
  SessionIds?: string[];
  Filters?: { Key?: string; Value?: string }[];
  MaxResults?: number;
  NextToken?: string;
}

export const DESCRIBE_SESSIONS_REQUEST = object({
  SessionIds: arrayOf(string),
  Filters: arrayOf(object({ Key: string, Value: string })),
  MaxResults: integer(1, 1000),
  NextToken: string,
});

export interface DeleteSessionRequestJson {
  SessionId: string;
  Owner: string;
  Force?: boolean;
}

export const DELETE_SESSIONS_REQUEST = arrayOf(
  object({
    SessionId: required(string),
    Owner: required(string),
    Force: boolean,
  }),
);

export interface UpdateSessionPermissionsRequestJson {
  SessionId: string;
  Owner: string;
  PermissionsFile: string;
}

export const UPDATE_SESSION_PERMISSIONS_REQUEST = arrayOf(
  object({
    SessionId: required(string),
    Owner: required(string),
    PermissionsFile: required(string),
  }),
);

export interface GetSessionScreenshotRequestJson {
  SessionId: string;
  MaxWidth?: number;
  MaxHeight?: number;
}

export const GET_SESSION_SCREENSHOTS_REQUEST = arrayOf(
  object({
    SessionId: required(string),
    MaxWidth: integer(1),
    MaxHeight: integer(1),
  }),
);

export interface DescribeServersRequestJson {
  ServerIds?: string[];
  MaxResults?: number;
  NextToken?: string;
}

export const DESCRIBE_SERVERS_REQUEST = object({
  ServerIds: arrayOf(string),
  MaxResults: integer(1, 1000),
  NextToken: string,
});

export interface OpenServerRequestJson {
  ServerId: string;
}

export const OPEN_SERVERS_REQUEST = arrayOf(object({ ServerId: required(string) }));

export interface CloseServerRequestJson {
  ServerId: string;
  Force?: boolean;
}

export const CLOSE_SERVERS_REQUEST = arrayOf(object({ ServerId: required(string), Force: boolean }));
