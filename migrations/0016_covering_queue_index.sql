-- The queue's index also carries every column the queue, its filters, its counts and the dashboard
-- read, so they are index-only scans instead of a heap read per open case of the organ (written by
-- hand: drizzle has no INCLUDE; schema.ts declares the index's keys).
DROP INDEX IF EXISTS "cases_queue_idx";--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("acting_organ_id","next_due","id")
  INCLUDE ("state","channel","kind","assignee_id","accused_organ_ids","involved_user_ids","supervised_organ_ids","number","title",
           "holder_organ_id","received_on","next_due_provisional","simplified","category_code","region_code")
  WHERE "cases"."open";--> statement-breakpoint
CREATE INDEX "cases_open_holder_idx" ON "cases" USING btree ("holder_organ_id","next_due") WHERE "cases"."open";--> statement-breakpoint
CREATE INDEX "cases_open_registrar_idx" ON "cases" USING btree ("registrar_organ_id","next_due") WHERE "cases"."open";
