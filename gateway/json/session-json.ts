import { type CreateSessionRequestData, type Session, SessionState, SessionSubstate } from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { SessionType } from "../../gen/es/dcvsm/fleet/v1/fleet_pb.js";
import { compact, enumName } from "./compact.js";
import { serverJson } from "./server-json.js";
import { isoTime } from "./timestamp.js";

export function sessionJson(session: Session) {
  return compact({
    Id: session.id,
    Name: session.name,
    Owner: session.owner,
    Server: session.server && serverJson(session.server),
    Type: enumName(SessionType, session.type),
    MaxConcurrentClients: session.maxConcurrentClients,
    State: enumName(SessionState, session.state),
    Substate: enumName(SessionSubstate, session.substate),
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
    Type: enumName(SessionType, request.type),
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
