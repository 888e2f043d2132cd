ALTER TABLE "cases" ADD COLUMN "recommended_organ_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_recommended_idx" ON "cases" USING gin ("recommended_organ_ids");--> statement-breakpoint
-- Cases stored before this column: the organs their unanswered recommendations await feedback from.
UPDATE "cases" SET
  "recommended_organ_ids" = ARRAY(SELECT DISTINCT r->>'targetOrganId' FROM jsonb_array_elements("record"->'recommendations') r WHERE r->>'answeredOn' IS NULL)
WHERE jsonb_typeof("record"->'recommendations') = 'array' AND jsonb_array_length("record"->'recommendations') > 0;
