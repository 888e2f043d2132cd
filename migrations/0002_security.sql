CREATE TABLE "audit_anchor" (
	"id" integer PRIMARY KEY NOT NULL,
	"head_seq" integer NOT NULL,
	"head_hash" text NOT NULL,
	"purged_through_seq" integer NOT NULL,
	"purged_through_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" integer PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_organ_id" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_parties" (
	"case_id" text NOT NULL,
	"id_number_index" text,
	"phone_index" text
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "csrf_token" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "data_scope" text DEFAULT 'organ_and_subordinates' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "id_number_enc" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "id_number_index" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "relative_indexes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "failed_logins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_enc" text;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "case_parties_id_idx" ON "case_parties" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "case_parties_phone_idx" ON "case_parties" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "case_parties_case_idx" ON "case_parties" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_id_index_idx" ON "users" USING btree ("id_number_index");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "id_number";