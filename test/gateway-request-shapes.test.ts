import test from "ava";
import { RestError } from "../gateway/errors.js";
import {
  CLOSE_SERVERS_REQUEST,
  DESCRIBE_SERVERS_REQUEST,
  GET_SESSION_SCREENSHOTS_REQUEST,
  OPEN_SERVERS_REQUEST,
  UPDATE_SESSION_PERMISSIONS_REQUEST,
} from "../gateway/validation/requests.js";
import { check, type Shape } from "../gateway/validation/shape.js";

/** [what, shape, body, field the 400 must name] */
const refusals: Array<[string, Shape, unknown, string | undefined]> = [
  ["permissions: no body", UPDATE_SESSION_PERMISSIONS_REQUEST, undefined, undefined],
  ["permissions: an object, not a batch", UPDATE_SESSION_PERMISSIONS_REQUEST, { SessionId: "s" }, undefined],
  ["permissions: SessionId missing", UPDATE_SESSION_PERMISSIONS_REQUEST, [{ Owner: "o", PermissionsFile: "cA==" }], "[0].SessionId"],
  ["permissions: Owner null", UPDATE_SESSION_PERMISSIONS_REQUEST, [{ SessionId: "s", Owner: null, PermissionsFile: "cA==" }], "[0].Owner"],
  ["permissions: PermissionsFile missing", UPDATE_SESSION_PERMISSIONS_REQUEST, [{ SessionId: "s", Owner: "o" }], "[0].PermissionsFile"],
  ["permissions: unknown field", UPDATE_SESSION_PERMISSIONS_REQUEST, [{ SessionId: "s", Owner: "o", PermissionsFile: "", Permissions: "x" }], "[0].Permissions"],
  ["screenshots: SessionId missing", GET_SESSION_SCREENSHOTS_REQUEST, [{ MaxWidth: 800 }], "[0].SessionId"],
  ["screenshots: SessionId a number", GET_SESSION_SCREENSHOTS_REQUEST, [{ SessionId: 7 }], "[0].SessionId"],
  ["screenshots: MaxWidth 0", GET_SESSION_SCREENSHOTS_REQUEST, [{ SessionId: "s", MaxWidth: 0 }], "[0].MaxWidth"],
  ["screenshots: MaxHeight negative", GET_SESSION_SCREENSHOTS_REQUEST, [{ SessionId: "s" }, { SessionId: "t", MaxHeight: -1 }], "[1].MaxHeight"],
  ["screenshots: MaxHeight fractional", GET_SESSION_SCREENSHOTS_REQUEST, [{ SessionId: "s", MaxHeight: 1.5 }], "[0].MaxHeight"],
  ["screenshots: MaxWidth as text", GET_SESSION_SCREENSHOTS_REQUEST, [{ SessionId: "s", MaxWidth: "800" }], "[0].MaxWidth"],
  ["describeServers: MaxResults 0", DESCRIBE_SERVERS_REQUEST, { MaxResults: 0 }, "MaxResults"],
  ["describeServers: MaxResults 1001", DESCRIBE_SERVERS_REQUEST, { MaxResults: 1001 }, "MaxResults"],
  ["describeServers: ServerIds not an array", DESCRIBE_SERVERS_REQUEST, { ServerIds: "a" }, "ServerIds"],
  ["describeServers: ServerIds item not a string", DESCRIBE_SERVERS_REQUEST, { ServerIds: ["a", 2] }, "ServerIds[1]"],
  ["describeServers: a filter (servers have none)", DESCRIBE_SERVERS_REQUEST, { Filters: [] }, "Filters"],
  ["openServers: ServerId missing", OPEN_SERVERS_REQUEST, [{}], "[0].ServerId"],
  ["openServers: Force is not a field", OPEN_SERVERS_REQUEST, [{ ServerId: "a", Force: true }], "[0].Force"],
  ["openServers: item not an object", OPEN_SERVERS_REQUEST, ["a"], "[0]"],
  ["closeServers: ServerId missing", CLOSE_SERVERS_REQUEST, [{ Force: true }], "[0].ServerId"],
  ["closeServers: Force as text", CLOSE_SERVERS_REQUEST, [{ ServerId: "a", Force: "true" }], "[0].Force"],
];

for (const [what, shape, body, field] of refusals) {
  test(`400 ${what}`, (t) => {
    const error = t.throws(() => check(body, shape), { instanceOf: RestError });
    t.is(error?.status, 400);
    t.is(error?.field, field);
    if (field !== undefined) t.true(error?.message.startsWith(field), error?.message);
  });
}

test("accepted bodies come back typed, with nulls dropped", (t) => {
  t.deepEqual(check([{ SessionId: "s", MaxWidth: null, MaxHeight: 600 }], GET_SESSION_SCREENSHOTS_REQUEST), [
    { SessionId: "s", MaxHeight: 600 },
  ]);
  t.deepEqual(check({ ServerIds: ["a"], MaxResults: 1000, NextToken: null }, DESCRIBE_SERVERS_REQUEST), {
    ServerIds: ["a"],
    MaxResults: 1000,
  });
  t.deepEqual(check([{ ServerId: "a", Force: false }], CLOSE_SERVERS_REQUEST), [{ ServerId: "a", Force: false }]);
  t.deepEqual(check([], OPEN_SERVERS_REQUEST), []);
});

test("a range with only a lower bound reads naturally", (t) => {
  const error = t.throws(() => check([{ SessionId: "s", MaxWidth: 0 }], GET_SESSION_SCREENSHOTS_REQUEST));
  t.is(error?.message, "[0].MaxWidth must be at least 1, got 0");
});
