// drizzle-kit writes "public"."table" in foreign keys; Minsheng's tables live in whatever schema the
// connection's search_path names (tests isolate themselves in their own schema), so strip it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
const dir = new URL('../migrations/', import.meta.url);
for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql'))) {
  const text = readFileSync(new URL(f, dir), 'utf8');
  const fixed = text.replaceAll('"public".', '');
  if (fixed !== text) writeFileSync(new URL(f, dir), fixed);
}
