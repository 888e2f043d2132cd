-- The open cases' holder and registrar indexes also carry the columns the dashboard's scope counts
-- test (the other organs of the case, the accusation exclusions, the due date is a key), so each
-- part of the count (app/case-scope-sql.ts openScopeParts) is an index-only scan (written by hand:
-- drizzle has no INCLUDE; schema.ts declares the keys).
DROP INDEX IF EXISTS "cases_open_holder_idx";--> statement-breakpoint
CREATE INDEX "cases_open_holder_idx" ON "cases" USING btree ("holder_organ_id","next_due")
  INCLUDE ("acting_organ_id","accused_organ_ids","kind","involved_user_ids") WHERE "cases"."open";--> statement-breakpoint
DROP INDEX IF EXISTS "cases_open_registrar_idx";--> statement-breakpoint
CREATE INDEX "cases_open_registrar_idx" ON "cases" USING btree ("registrar_organ_id","next_due")
  INCLUDE ("holder_organ_id","acting_organ_id","accused_organ_ids","kind","involved_user_ids") WHERE "cases"."open";
