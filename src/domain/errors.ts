/**
 * The one error type of Minsheng. Raised by the domain and the app layer; the HTTP layer maps
 * `code` to a status in one place (src/http/errors.ts). `message` is for people (Chinese),
 * `code` is for programs and never changes once published.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/**
 * A value the code knows is there: the row an INSERT … RETURNING gave back, an organ looked up by
 * an id the database holds, the acting user of a staff-only step. Its absence is a bug, not a
 * refusal to explain to a user, so this throws a plain Error (a 500), never a DomainError.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found none`);
  return value;
}
