// A refusal whose message is written for the person who asked (a duplicate
// watchlist entry, the last admin, a backup already running): server actions
// show it as it is, instead of as an unexpected failure.
export class UserFacingError extends Error {}

/** Input that cannot be used: route handlers answer it with `status` and body() (400 `{ error, field }` unless said otherwise). */
export class InvalidInputError extends UserFacingError {
  constructor(
    message: string,
    readonly field?: string,
    readonly status: 400 | 404 | 409 | 413 | 422 = 400,
  ) {
    super(message);
    this.name = "InvalidInputError";
  }

  body(): Record<string, unknown> {
    return this.field ? { error: this.message, field: this.field } : { error: this.message };
  }
}
