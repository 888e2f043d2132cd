/**
 * The application's one notion of "now". Services never call `new Date()` for a time they record
 * or decide by: they are given a `Clock` at construction (src/compose.ts), so a test or a bench can
 * run them on a clock it moves.
 *
 * Two clocks are composed, both of this type:
 *  - the business clock — the dates of cases and deadlines, audit entries, record timestamps;
 *  - the session clock — staff and portal sessions, verification challenges, lockouts, account
 *    timestamps, and the SMS providers' request signatures. Real time by default: a test's business
 *    clock jumps months, and a session or a signed request must not jump with it.
 * In production both are `systemClock`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
