/** The one error type services throw; the error handler turns it into `{detail, code}`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    /** Fields the body carries besides `detail` and `code`, such as the id of what is in the way. */
    readonly extra: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export const badRequest = (detail: string, code = "bad_request") => new AppError(400, code, detail);
export const unauthorized = (detail = "Authentication required", code = "unauthorized") =>
  new AppError(401, code, detail);
export const forbidden = (detail: string, code = "forbidden") => new AppError(403, code, detail);
export const notFound = (detail: string, code = "not_found") => new AppError(404, code, detail);
export const conflict = (detail: string, code = "conflict") => new AppError(409, code, detail);
export const gone = (detail: string, code = "gone") => new AppError(410, code, detail);
/** A request that is well-formed but names something impossible (a cycle, an unknown reference). */
export const unprocessable = (detail: string, code = "unprocessable") => new AppError(422, code, detail);

export type ValidationDetail = { loc: (string | number)[]; msg: string; type: string };

/** A 422 whose `detail` lists each problem with where it is, like a route's schema failures. */
export class RequestValidationError extends AppError {
  constructor(readonly details: ValidationDetail[]) {
    super(422, "validation_error", details.map((item) => `${item.loc.join(".")}: ${item.msg}`).join("; "));
  }
}

/** PostgreSQL error codes we turn into 4xx answers; drizzle wraps the driver error in `cause`. */
export function postgresErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function postgresConstraint(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === "string") return constraint;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => postgresErrorCode(error) === "23505";
export const isForeignKeyViolation = (error: unknown) => postgresErrorCode(error) === "23503";
