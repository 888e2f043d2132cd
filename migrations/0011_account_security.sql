ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_reset_at" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_throttle_last_idx" ON "login_throttle" USING btree ("last_attempt_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
DELETE FROM "sessions" WHERE "revoked_at" IS NOT NULL OR "expires_at" <= now() OR "user_id" IN (SELECT "id" FROM "users" WHERE NOT "active");--> statement-breakpoint
UPDATE "users" SET "totp_secret_enc" = NULL WHERE NOT "active" AND "totp_secret_enc" IS NOT NULL;
