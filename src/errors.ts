/**
 * Lectern's one error style. The core throws a `UserError` (or a subclass with a narrower code) when the
 * request cannot be served as asked and the person can fix it; its message is written for them. The
 * Discord router is the one place that turns it into an ephemeral reply: nothing else translates errors.
 * Any other error is a fault of ours and is logged with an error id instead of shown.
 */

export type UserErrorCode =
  /** The input cannot be read or is out of range. */
  | 'invalid-input'
  /** What the request names does not exist (here). */
  | 'not-found'
  /** The person may not do this. */
  | 'forbidden'
  /** The request conflicts with the current state (already running, already ended, moved on). */
  | 'conflict'
  /** A button, menu or form from an older message, or one whose id does not check out. */
  | 'stale';

export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly code: UserErrorCode = 'invalid-input',
  ) {
    super(message);
  }
}
