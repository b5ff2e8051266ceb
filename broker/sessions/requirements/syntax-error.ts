/** Why a Requirements text does not parse; `position` is the 0-based offset of the fault, as in the message. */
export class RequirementsSyntaxError extends Error {
  constructor(
    description: string,
    readonly position: number,
  ) {
    super(`Requirements: ${description}`);
    this.name = "RequirementsSyntaxError";
  }
}
