import type { Logger } from "../common/logger.js";
import {
  type Command,
  type CommandResult,
  FailureCode,
  ImageFormat,
} from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { DcvBackendError, type DcvBackend } from "./backend/dcv-backend.js";

type Outcome = NonNullable<CommandResult["outcome"]>;

/** Runs broker commands against the DCV backend; every command gets exactly one result. */
export class CommandExecutor {
  constructor(
    private readonly backend: DcvBackend,
    private readonly log: Logger,
    /** Answers a certificate renewal request with a CSR. */
    private readonly renewCertificate: () => Promise<string>,
  ) {}

  async execute(command: Command): Promise<CommandResult> {
    try {
      return { correlationId: command.correlationId, outcome: await this.run(command.action) };
    } catch (error) {
      const failure =
        error instanceof DcvBackendError
          ? { code: error.code, message: error.message }
          : { code: FailureCode.FAILURE_CODE_INTERNAL, message: `Agent error: ${(error as Error).message}` };
      this.log.warn({ correlationId: command.correlationId, command: command.action?.$case, ...failure }, "command failed");
      return { correlationId: command.correlationId, outcome: { $case: "failure", value: failure } };
    }
  }

  private async run(action: Command["action"]): Promise<Outcome> {
    switch (action?.$case) {
      case "createSession":
        return { $case: "createSession", value: { session: await this.backend.createSession(action.value) } };
      case "closeSession":
        await this.backend.closeSession(action.value.sessionId);
        return { $case: "closeSession", value: {} };
      case "setPermissions":
        await this.backend.setPermissions(action.value.sessionId, action.value.permissionsFile);
        return { $case: "setPermissions", value: {} };
      case "screenshot": {
        const { sessionId, maxWidth, maxHeight, format } = action.value;
        const images = await this.backend.screenshot(
          sessionId,
          maxWidth,
          maxHeight,
          format === ImageFormat.IMAGE_FORMAT_UNSPECIFIED ? ImageFormat.IMAGE_FORMAT_PNG : format,
        );
        return { $case: "screenshot", value: { images } };
      }
      case "renewCertificate":
        return { $case: "renewCertificate", value: { csrPem: await this.renewCertificate() } };
      case undefined:
        throw new DcvBackendError(FailureCode.FAILURE_CODE_UNSUPPORTED, "Command without an action");
    }
  }
}
