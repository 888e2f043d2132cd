CREATE TABLE "reception_rota" (
	"id" text PRIMARY KEY NOT NULL,
	"organ_id" text NOT NULL,
	"weekday" integer NOT NULL,
	"time" text NOT NULL,
	"leader" text,
	"place" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reception_rota" ADD CONSTRAINT "reception_rota_organ_id_organs_id_fk" FOREIGN KEY ("organ_id") REFERENCES "organs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reception_rota_organ_idx" ON "reception_rota" USING btree ("organ_id");