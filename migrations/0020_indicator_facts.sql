-- What the indicators count (domain/stats/indicator-facts.ts), one row per fact of a case. The organ
-- index carries every column an indicator reads (INCLUDE written by hand: drizzle has none), so an
-- indicator over an organ subtree and a period is an index-only scan. facts_version: cases whose
-- facts follow older definitions (all of them, at first) are rebuilt in the background at start.
CREATE TABLE "indicator_facts" (
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"organ_id" text NOT NULL,
	"on" date NOT NULL,
	"hit" boolean NOT NULL,
	"days" integer,
	"channel" text NOT NULL,
	"category_code" text
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "facts_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "indicator_facts_case_idx" ON "indicator_facts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "indicator_facts_organ_idx" ON "indicator_facts" USING btree ("organ_id","kind","on")
  INCLUDE ("hit","days","channel","category_code");--> statement-breakpoint
CREATE INDEX "cases_facts_version_idx" ON "cases" USING btree ("facts_version");