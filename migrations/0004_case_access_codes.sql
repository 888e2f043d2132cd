CREATE TABLE "case_access_codes" (
	"case_id" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"code_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_access_codes" ADD CONSTRAINT "case_access_codes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_access_codes_hash_idx" ON "case_access_codes" USING btree ("code_hash");