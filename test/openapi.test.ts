import { AssertionError } from 'node:assert';
import test from 'ava';
import * as examples from './support/api-examples.js';
import {
  assertErrorBody,
  assertValidRequest,
  assertValidResponse,
  requestErrors,
  responseErrors,
  type HttpMethod,
} from './support/openapi.js';

const documentedResponses: Array<[HttpMethod, string, unknown]> = [
  ['POST', '/describeSessions', examples.describeSessionsResponse],
  ['POST', '/createSessions', examples.createSessionsResponse],
  ['POST', '/deleteSessions', examples.deleteSessionsResponse],
  ['POST', '/openServers', examples.openServersResponse],
  ['POST', '/closeServers', examples.closeServersResponse],
  ['POST', '/describeServers', examples.describeServersResponse],
  ['POST', '/getSessionScreenshots', examples.getSessionScreenshotsResponse],
  ['GET', '/sessionConnectionData/sessionId12345/user1', examples.getSessionConnectionDataResponse],
];

for (const [method, path, body] of documentedResponses) {
  test(`documented ${method} ${path} response is valid`, (t) => {
    t.deepEqual(responseErrors(method, path, 200, body), []);
    t.notThrows(() => assertValidResponse(method, path, 200, body));
  });
}

/** Applies `mutate` to a deep copy of `body`, so the shared examples stay intact. */
function mutated<T>(body: T, mutate: (copy: any) => void): T {
  const copy = structuredClone(body);
  mutate(copy);
  return copy;
}

test('an unknown key fails, naming the key', (t) => {
  const body = mutated(examples.describeSessionsResponse, (copy) => {
    copy.Sessions[0].SessionID = copy.Sessions[0].Id;
  });
  t.deepEqual(responseErrors('POST', '/describeSessions', 200, body), [
    'POST /describeSessions 200: /Sessions/0/SessionID is not a key the API defines',
  ]);
});

test('an integer sent as a string fails', (t) => {
  const body = mutated(examples.describeSessionsResponse, (copy) => {
    copy.Sessions[0].NumOfConnections = '2';
  });
  t.deepEqual(responseErrors('POST', '/describeSessions', 200, body), [
    'POST /describeSessions 200: /Sessions/0/NumOfConnections must be integer (got string "2")',
  ]);
});

test('Server.Port is a string on the wire, so a number fails with a readable message', (t) => {
  const body = mutated(examples.describeSessionsResponse, (copy) => {
    copy.Sessions[0].Server.Port = 8443;
  });
  t.throws(() => assertValidResponse('POST', '/describeSessions', 200, body), {
    instanceOf: AssertionError,
    message: 'POST /describeSessions 200: /Sessions/0/Server/Port must be string (got number 8443)',
  });
});

test('Memory.TotalBytes as a string fails', (t) => {
  const body = mutated(examples.describeServersResponse, (copy) => {
    copy.Servers[1].Host.Memory.TotalBytes = '32144048128';
  });
  t.deepEqual(responseErrors('POST', '/describeServers', 200, body), [
    'POST /describeServers 200: /Servers/1/Host/Memory/TotalBytes must be integer (got string "32144048128")',
  ]);
});

test('integer formats check their range', (t) => {
  const body = mutated(examples.describeServersResponse, (copy) => {
    copy.Servers[0].ConsoleSessionCount = 2 ** 31;
    copy.Servers[0].Host.Memory.TotalBytes = 2 ** 53;
  });
  t.deepEqual(responseErrors('POST', '/describeServers', 200, body), [
    'POST /describeServers 200: /Servers/0/ConsoleSessionCount must match format "int32" (got number 2147483648)',
    'POST /describeServers 200: /Servers/0/Host/Memory/TotalBytes must match format "int64" (got number 9007199254740992)',
  ]);
});

test('a CreationTime that is not ISO-8601 fails', (t) => {
  const body = mutated(examples.describeSessionsResponse, (copy) => {
    copy.Sessions[0].CreationTime = '06/10/2020 10:15:31';
  });
  t.deepEqual(responseErrors('POST', '/describeSessions', 200, body), [
    'POST /describeSessions 200: /Sessions/0/CreationTime must match format "date-time" (got string "06/10/2020 10:15:31")',
  ]);
});

test('a SuccessfulList that is not an array fails', (t) => {
  const body = mutated(examples.deleteSessionsResponse, (copy) => {
    copy.SuccessfulList = copy.SuccessfulList[0];
  });
  t.deepEqual(responseErrors('POST', '/deleteSessions', 200, body), [
    'POST /deleteSessions 200: /SuccessfulList must be array (got object {"SessionId":"SessionId123","State":"DELETING"})',
  ]);
});

test('every violation is listed, one per line', (t) => {
  const body = mutated(examples.getSessionScreenshotsResponse, (copy) => {
    copy.SuccessfulList[0].SessionScreenshot.Images[0].Primary = 'true';
    copy.UnsuccessfulList[0].FailureCode = 'DCV_SESSION_NOT_FOUND';
  });
  const error = t.throws(() => assertValidResponse('POST', '/getSessionScreenshots', 200, body));
  t.deepEqual(error?.message.split('\n'), [
    'POST /getSessionScreenshots 200: /SuccessfulList/0/SessionScreenshot/Images/0/Primary must be boolean (got string "true")',
    'POST /getSessionScreenshots 200: /UnsuccessfulList/0/FailureCode is not a key the API defines',
  ]);
});

test('the YAML wins over the guide: its CloseServers sample key is rejected', (t) => {
  const body = mutated(examples.closeServersResponse, (copy) => {
    copy.UnsuccessfulList[0].OpenServerRequestData = copy.UnsuccessfulList[0].CloseServerRequestData;
    delete copy.UnsuccessfulList[0].CloseServerRequestData;
  });
  t.deepEqual(responseErrors('POST', '/closeServers', 200, body), [
    'POST /closeServers 200: /UnsuccessfulList/0/OpenServerRequestData is not a key the API defines',
  ]);
});

test('nullable integers accept null', (t) => {
  const body = mutated(examples.getSessionScreenshotsResponse, (copy) => {
    copy.UnsuccessfulList[0].GetSessionScreenshotRequestData.MaxWidth = null;
  });
  t.deepEqual(responseErrors('POST', '/getSessionScreenshots', 200, body), []);
  t.deepEqual(requestErrors('POST', '/getSessionScreenshots', [{ SessionId: 's1', MaxWidth: null, MaxHeight: 600 }]), []);
});

test('concrete paths match the {sessionId}/{user} template, query string ignored', (t) => {
  const body = examples.getSessionConnectionDataResponse;
  t.deepEqual(responseErrors('GET', '/sessionConnectionData/abc-123/user1', 200, body), []);
  t.deepEqual(responseErrors('GET', '/sessionConnectionData/abc-123/user1?x=1', 200, body), []);
  t.deepEqual(responseErrors('POST', '/describeSessions?x=1', 200, examples.describeSessionsResponse), []);
  t.regex(responseErrors('GET', '/sessionConnectionData/abc-123', 200, body).join(), /no path of the API matches/);
  t.regex(responseErrors('GET', '/sessionConnectionData/abc-123/user1/extra', 200, body).join(), /no path of the API matches/);
});

test('an unknown path throws a clear message', (t) => {
  t.throws(() => assertValidResponse('POST', '/describeSession', 200, {}), {
    instanceOf: AssertionError,
    message: /^POST \/describeSession 200: no path of the API matches "\/describeSession" \(known paths: \/describeSessions, .*\/sessionConnectionData\/\{sessionId\}\/\{user\}/,
  });
});

test('a method the path does not define is rejected', (t) => {
  t.deepEqual(responseErrors('POST', '/sessionConnectionData/abc/user1', 200, {}), [
    'POST /sessionConnectionData/abc/user1 200: the API defines no POST for /sessionConnectionData/{sessionId}/{user} (methods: GET)',
  ]);
});

test('statuses without a documented JSON body need assertErrorBody', (t) => {
  const noAuthorization = { error: 'No authorization header' };
  t.throws(() => assertValidResponse('GET', '/sessionConnectionData/aSession/aOwner', 401, noAuthorization), {
    message: 'GET /sessionConnectionData/aSession/aOwner 401: the API documents no JSON body for this status (documented: 200); check error bodies with assertErrorBody',
  });
  t.throws(() => assertValidResponse('POST', '/createSessions', 400, { error: 'Invalid input' }), { message: /assertErrorBody/ });
  t.notThrows(() => assertErrorBody(noAuthorization));
  t.notThrows(() => assertErrorBody({ error: 'Unknown field', message: 'MaxConcurrents', field: 'MaxConcurrents', requestId: 'r-1' }));
});

test('assertErrorBody rejects anything but the error shape', (t) => {
  t.throws(() => assertErrorBody({ error: '' }), { message: 'error body: /error must NOT have fewer than 1 characters (got string "")' });
  t.throws(() => assertErrorBody({ message: 'x' }), { message: "error body: (root) must have required property 'error'" });
  t.throws(() => assertErrorBody({ error: 'x', code: 7 }), { message: 'error body: /code is not a key the API defines' });
  t.throws(() => assertErrorBody('No authorization header'), { message: 'error body: (root) must be object (got string "No authorization header")' });
});

test('a CreateSessions array request validates', (t) => {
  t.notThrows(() => assertValidRequest('POST', '/createSessions', examples.createSessionsRequest));
});

test('request bodies are checked as strictly as responses', (t) => {
  const guideSpelling = mutated(examples.createSessionsRequest, (copy) => {
    copy[0].MaxConcurrents = copy[0].MaxConcurrentClients;
  });
  t.deepEqual(requestErrors('POST', '/createSessions', guideSpelling), [
    'POST /createSessions request: /0/MaxConcurrents is not a key the API defines',
  ]);
  t.deepEqual(requestErrors('POST', '/createSessions', examples.createSessionsRequest[0]), [
    `POST /createSessions request: (root) must be array (got object ${JSON.stringify(examples.createSessionsRequest[0]).slice(0, 77)}...)`,
  ]);
  // The YAML's `default: "false"` on Force must not make the string acceptable.
  t.deepEqual(requestErrors('POST', '/deleteSessions', [{ SessionId: 's1', Force: 'false' }]), [
    'POST /deleteSessions request: /0/Force must be boolean (got string "false")',
  ]);
});

test('request bodies are required only where the YAML says so', (t) => {
  t.deepEqual(requestErrors('POST', '/describeSessions', undefined), []);
  t.deepEqual(requestErrors('POST', '/createSessions', undefined), ['POST /createSessions request: a request body is required']);
  t.deepEqual(requestErrors('GET', '/sessionConnectionData/s1/u1', undefined), []);
  t.throws(() => assertValidRequest('GET', '/sessionConnectionData/s1/u1', {}), {
    message: 'GET /sessionConnectionData/s1/u1 request: the API defines no request body for this operation',
  });
});
