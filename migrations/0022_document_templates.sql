CREATE TABLE "document_templates" (
	"organ_id" text NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_templates_organ_id_kind_pk" PRIMARY KEY("organ_id","kind")
);
--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_organ_id_organs_id_fk" FOREIGN KEY ("organ_id") REFERENCES "organs"("id") ON DELETE no action ON UPDATE no action;