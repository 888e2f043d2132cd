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
