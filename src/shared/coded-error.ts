/**
 * An error with a stable `code` that callers branch on, and a message `CODE: detail` for people and logs.
 * Each module keeps its own table of codes and subclass (so `instanceof` still says where it came from).
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code
  constructor(code: Code, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options)
    this.code = code
  }
}
