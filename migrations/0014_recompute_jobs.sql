CREATE TABLE "recompute_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recompute_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reason" text NOT NULL,
	"notice_ref" text,
	"year" integer,
	"profile_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"cursor" text DEFAULT '' NOT NULL,
	"total" integer NOT NULL,
	"examined" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"requested_by" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "recompute_jobs_status_idx" ON "recompute_jobs" USING btree ("status","id");