ALTER TABLE "cases" ADD COLUMN "involved_user_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- The staff each stored matter names (record.content.involvedUserIds, never encrypted): an accusation is hidden from them (Art 30).
UPDATE "cases" SET "involved_user_ids" = ARRAY(SELECT jsonb_array_elements_text("record"->'content'->'involvedUserIds')) WHERE jsonb_typeof("record"->'content'->'involvedUserIds') = 'array' AND jsonb_array_length("record"->'content'->'involvedUserIds') > 0;--> statement-breakpoint
CREATE INDEX "cases_involved_idx" ON "cases" USING gin ("involved_user_ids");
