CREATE TABLE "handoff_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"handoff_id" integer NOT NULL,
	"author_id" integer,
	"author_email" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "workflow_status" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "assignee_id" integer;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "handoff_notes" ADD CONSTRAINT "handoff_notes_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_notes" ADD CONSTRAINT "handoff_notes_author_id_admin_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."admin_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handoff_notes_handoff_idx" ON "handoff_notes" USING btree ("handoff_id","created_at");--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_assignee_id_admin_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."admin_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handoffs_workflow_created_idx" ON "handoffs" USING btree ("workflow_status","created_at");--> statement-breakpoint
-- Handoffs made before the workflow: an open one (assistant paused) is new; a released one was
-- dealt with, so it is resolved (resolved when it was released) and stays released. `status`
-- keeps only the pause state from now on.
UPDATE "handoffs" SET
  "workflow_status" = CASE WHEN "status" = 'released' THEN 'resolved' ELSE 'new' END,
  "resolved_at" = CASE WHEN "status" = 'released' THEN coalesce("released_at", "created_at") END,
  "updated_at" = coalesce("released_at", "created_at");
