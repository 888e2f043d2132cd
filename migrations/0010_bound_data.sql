CREATE TABLE "attachment_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"uploader" text NOT NULL,
	"case_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachment_uploads" ADD CONSTRAINT "attachment_uploads_sha256_attachments_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "attachments"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment_uploads" ADD CONSTRAINT "attachment_uploads_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_uploads_sha_idx" ON "attachment_uploads" USING btree ("sha256","uploader");--> statement-breakpoint
CREATE INDEX "attachment_uploads_case_idx" ON "attachment_uploads" USING btree ("case_id");--> statement-breakpoint
-- Files already on cases (a database made by an earlier version, e.g. the demo): each counts as
-- uploaded by whoever registered the case — its registering staff member, or the portal — and is
-- linked to that case. Files no case refers to get no row: nobody can attach them any more (re-upload).
INSERT INTO "attachment_uploads" ("id", "sha256", "uploader", "case_id", "created_at")
SELECT gen_random_uuid()::text, x."sha256", x."uploader", x."case_id", x."created_at" FROM (
  SELECT DISTINCT a.value->>'sha256' AS "sha256", c."id" AS "case_id", c."created_at",
    CASE WHEN first."actor_kind" = 'staff' AND first."actor_id" IS NOT NULL THEN 'staff:' || first."actor_id" ELSE 'portal:migrated' END AS "uploader"
  FROM "cases" c
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c."record"->'content'->'attachments') = 'array' THEN c."record"->'content'->'attachments' ELSE '[]'::jsonb END) a
  LEFT JOIN LATERAL (SELECT e."actor_kind", e."actor_id" FROM "case_events" e WHERE e."case_id" = c."id" ORDER BY e."seq" LIMIT 1) first ON true
  WHERE EXISTS (SELECT 1 FROM "attachments" t WHERE t."sha256" = a.value->>'sha256')
  UNION
  -- Appeal material: uploaded on the portal by the petitioner of that case.
  SELECT l."sha256", l."case_id", l."created_at", 'portal:migrated' FROM "case_attachment_links" l
) x;
