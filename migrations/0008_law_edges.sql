ALTER TABLE "cases" ADD COLUMN "next_due_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "approver_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organs" ADD COLUMN "system" text;--> statement-breakpoint
CREATE INDEX "cases_approvers_idx" ON "cases" USING gin ("approver_ids");--> statement-breakpoint
-- Records stored before approvals (负责人审批) and Art 36 ¶3 findings existed: empty lists.
UPDATE "cases" SET "record" = "record" || jsonb_build_object('approvals', COALESCE("record"->'approvals', '[]'::jsonb), 'newMatterFindings', COALESCE("record"->'newMatterFindings', '[]'::jsonb));--> statement-breakpoint
-- A review's decision period runs from its receipt: for requests recorded before receipt dates were, the request date.
UPDATE "cases" SET "record" = jsonb_set("record", '{review,receivedOn}', "record"->'review'->'requestedOn') WHERE jsonb_typeof("record"->'review') = 'object' AND NOT ("record"->'review' ? 'receivedOn');--> statement-breakpoint
UPDATE "cases" SET "record" = jsonb_set("record", '{rereview,receivedOn}', "record"->'rereview'->'requestedOn') WHERE jsonb_typeof("record"->'rereview') = 'object' AND NOT ("record"->'rereview' ? 'receivedOn');--> statement-breakpoint
-- The 2022 text: the served re-review opinion itself ends the matter (Art 36 ¶3); 终结 was a click after it.
UPDATE "cases" SET "state" = 'rereview_served', "record" = jsonb_set("record", '{state}', '"rereview_served"') WHERE "state" = 'terminated';--> statement-breakpoint
UPDATE "cases" SET "open" = false, "next_due" = NULL, "record" = jsonb_set("record", '{closedOn}', to_jsonb(COALESCE("record"->>'closedOn', to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')))) WHERE "state" = 'rereview_served' AND "open";
