import { z } from 'zod';

/** Machine-readable error codes every caller can branch on. */
export const ErrorCode = z.enum([
  'unknown-operation',
  'unknown-event',
  'bad-input',
  'bad-output',
  'not-found',
  'invalid-project',
  'newer-version',
  'syntax',
  'io',
  'unsupported',
  'forbidden',
  'disconnected',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Problem = z.strictObject({ path: z.string(), message: z.string() });

export const ApiErrorShape = z.strictObject({
  code: ErrorCode,
  message: z.string(),
  /** Field-level problems (`nodes[2].nics[0].address: not an IPv4 address`) where there are some. */
  problems: z.array(Problem).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/**
 * What crosses a transport: a value or an error, never a thrown exception (Electron's IPC and
 * `contextBridge` strip everything but the message from thrown errors).
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export const ResultShape = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ApiErrorShape }),
]);

/** An error with a code, thrown by backend handlers and re-thrown by the renderer's API client. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly problems: { path: string; message: string }[] | undefined;

  constructor(code: ErrorCode, message: string, problems?: { path: string; message: string }[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.problems = problems;
  }

  toShape(): ApiErrorShape {
    return this.problems
      ? { code: this.code, message: this.message, problems: this.problems }
      : { code: this.code, message: this.message };
  }

  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.problems);
  }
}
