ALTER TABLE "cases" ADD COLUMN "accused_organ_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assignee_id" text;--> statement-breakpoint
CREATE INDEX "cases_registrar_idx" ON "cases" USING btree ("registrar_organ_id");--> statement-breakpoint
CREATE INDEX "cases_assignee_idx" ON "cases" USING btree ("assignee_id");