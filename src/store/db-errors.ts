/**
 * What of an error may be logged, in one place for every logger (the HTTP error handler, the SMS
 * delivery worker). Issue 10, finding 8: one failed registration wrote the whole case record —
 * the petitioner's name and the facts — to the log, through drizzle's error message.
 */

/** A PostgreSQL error as pg and PGlite raise it: a severity and a five-character SQLSTATE. */
interface ServerError { code: string; constraint?: unknown; table?: unknown; column?: unknown; routine?: unknown }
const isServerError = (e: unknown): e is ServerError => {
  const x = e as { severity?: unknown; code?: unknown } | null;
  return typeof x === 'object' && x !== null && typeof x.severity === 'string' && typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code);
};
/** drizzle's wrapper: "Failed query: <sql>\nparams: <every value bound>", the server's error as its cause. */
const isQueryError = (e: unknown): boolean => {
  const x = e as { query?: unknown; params?: unknown } | null;
  return typeof x === 'object' && x !== null && typeof x.query === 'string' && Array.isArray(x.params);
};
const className = (e: unknown): string => (e as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof e;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * What of an unexpected error goes to the log (issue 10, finding 8). A database error's message and
 * fields carry the data of the failed statement — drizzle's "params: …" is the whole record bound
 * (a petitioner's name, the facts), PostgreSQL's detail "Failing row contains (…)" or "Key
 * (…)=(…)" the values, its message sometimes the offending value — so of a database error only
 * the classes, the SQLSTATE and the names of the constraint, table, column and routine are kept,
 * and the stack's frames without its first line (which repeats the message). Other errors keep
 * their message unless it quotes a query. The cause chain is followed (drizzle wraps the server's
 * error), never logged whole.
 */
export interface LoggableError {
  /** The classes along the cause chain, outermost first: `DrizzleQueryError ← DatabaseError`. */
  type: string;
  /** A database error: no message is kept. */
  database: boolean;
  sqlstate?: string; constraint?: string; table?: string; column?: string; routine?: string;
  /** Only for an error that is not the database's. */
  message?: string;
  /** The frames, without the first line (the message). */
  stack: string;
}

export function loggableError(error: unknown): LoggableError {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5 && !chain.includes(e); e = (e as { cause?: unknown }).cause) chain.push(e);
  const server = chain.find(isServerError);
  const frames = (error instanceof Error ? error.stack ?? '' : '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
  if (server || chain.some(isQueryError)) {
    return {
      type: chain.map(className).join(' ← '), database: true,
      ...(server ? {
        sqlstate: server.code, constraint: text(server.constraint), table: text(server.table), column: text(server.column), routine: text(server.routine),
      } : {}),
      stack: frames,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: className(error), database: false, message: /Failed query|params:/i.test(message) ? '(omitted: quotes a query)' : message, stack: frames };
}

/** The same on one line, for the text loggers (SMS worker): never the message of a database error. */
export function errorSummary(error: unknown): string {
  const l = loggableError(error);
  return l.database
    ? `数据库错误 ${l.type}${l.sqlstate ? ` SQLSTATE ${l.sqlstate}` : ''}${l.constraint ? ` constraint ${l.constraint}` : ''}`
    : `${l.type}: ${l.message ?? ''}`;
}
