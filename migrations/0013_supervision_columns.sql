ALTER TABLE "cases" ADD COLUMN "supervised_organ_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supervising_organ_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "case_events_action_on_idx" ON "case_events" USING btree ("action","on");--> statement-breakpoint
CREATE INDEX "cases_supervised_idx" ON "cases" USING gin ("supervised_organ_ids");--> statement-breakpoint
CREATE INDEX "cases_supervising_idx" ON "cases" USING gin ("supervising_organ_ids");--> statement-breakpoint
-- Cases stored before these columns: their unanswered supervision orders, from the record.
UPDATE "cases" SET
  "supervised_organ_ids" = ARRAY(SELECT DISTINCT sv->>'targetOrganId' FROM jsonb_array_elements("record"->'supervisions') sv WHERE sv->>'answeredOn' IS NULL),
  "supervising_organ_ids" = ARRAY(SELECT DISTINCT sv->>'organId' FROM jsonb_array_elements("record"->'supervisions') sv WHERE sv->>'answeredOn' IS NULL)
WHERE jsonb_array_length("record"->'supervisions') > 0;
