/**
 * A list of strings as one `text[]` query parameter — for `= any(…)`, `&&` and `@>` — so a query's
 * text does not grow with the list (one bind parameter whatever its length, empty lists included).
 */
import { sql, type SQL } from 'drizzle-orm';

export const textArray = (xs: readonly string[]): SQL => sql`${sql.param(xs)}::text[]`;
