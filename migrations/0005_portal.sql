CREATE TABLE "attachments" (
	"sha256" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_attachment_links" (
	"case_id" text NOT NULL,
	"sha256" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"event_seq" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_attachment_links_case_id_sha256_purpose_pk" PRIMARY KEY("case_id","sha256","purpose")
);
--> statement-breakpoint
CREATE TABLE "portal_challenges" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_attachment_links" ADD CONSTRAINT "case_attachment_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachment_links" ADD CONSTRAINT "case_attachment_links_sha256_attachments_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "attachments"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_challenges_created_idx" ON "portal_challenges" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "portal_sessions_case_idx" ON "portal_sessions" USING btree ("case_id");