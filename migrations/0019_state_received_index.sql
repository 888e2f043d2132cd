DROP INDEX "cases_state_idx";--> statement-breakpoint
CREATE INDEX "cases_state_idx" ON "cases" USING btree ("state","received_on" DESC NULLS LAST,"id");