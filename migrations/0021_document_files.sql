CREATE TABLE "document_files" (
	"document_id" text NOT NULL,
	"format" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sm3" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_files_document_id_format_pk" PRIMARY KEY("document_id","format")
);
--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- A frozen file is never changed or removed (as its document, migration 0001).
CREATE TRIGGER document_files_append_only BEFORE UPDATE OR DELETE ON document_files FOR EACH ROW EXECUTE FUNCTION minsheng_append_only();
