import type { CreateSessionInput } from "./session-lifecycle.js";
import { parseRequirements, RequirementsSyntaxError } from "./requirements/parse.js";
import type { Expression } from "./requirements/ast.js";
import type { SessionPolicy } from "./session-context.js";

/** Longest Name, Owner or file name accepted. */
const MAX_TEXT_LENGTH = 256;
/** Control characters never belong in a name or a user name. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** User names: POSIX names, Windows `DOMAIN\user` and `user@domain`; no spaces or shell/path specials. */
const OWNER = /^[A-Za-z0-9._@$\\-]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type CreateValidation = { ok: true; requirements: Expression | undefined } | { ok: false; reason: string };

export function isBase64(text: string): boolean {
  return BASE64.test(text.replace(/\s+/g, ""));
}

/** Checks one CreateSessions item beyond its JSON shape; the reason becomes its FailureReason. */
export function validateCreate(input: CreateSessionInput, policy: SessionPolicy): CreateValidation {
  const text = (field: string, value: string) => {
    if (value.length > MAX_TEXT_LENGTH) return `${field} is longer than ${MAX_TEXT_LENGTH} characters`;
    if (CONTROL.test(value)) return `${field} contains control characters`;
    return undefined;
  };
  const problem =
    (input.name.trim() === "" ? "Name must not be empty" : text("Name", input.name)) ??
    (OWNER.test(input.owner) ? text("Owner", input.owner) : `Owner '${input.owner}' is not a valid user name`) ??
    checkAutorunArguments(input.spec.autorunFileArguments ?? [], policy) ??
    (input.spec.permissionsFile !== undefined && !isBase64(input.spec.permissionsFile)
      ? "PermissionsFile is not valid base64"
      : undefined) ??
    (input.type === "CONSOLE" && input.spec.initFile !== undefined ? "InitFile is supported with virtual sessions only" : undefined);
  if (problem !== undefined) return { ok: false, reason: problem };
  if (input.spec.requirements === undefined || input.spec.requirements.trim() === "") return { ok: true, requirements: undefined };
  try {
    return { ok: true, requirements: parseRequirements(input.spec.requirements) };
  } catch (error) {
    if (error instanceof RequirementsSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

function checkAutorunArguments(args: readonly string[], policy: SessionPolicy): string | undefined {
  if (args.length > policy.autorunArgumentsMaxCount) {
    return `AutorunFileArguments has ${args.length} arguments; at most ${policy.autorunArgumentsMaxCount} are allowed`;
  }
  const tooLong = args.findIndex((arg) => arg.length > policy.autorunArgumentMaxLength);
  if (tooLong >= 0) {
    return `AutorunFileArguments[${tooLong}] is longer than ${policy.autorunArgumentMaxLength} characters`;
  }
  return undefined;
}
