CREATE TABLE "handoffs" (
	"id" serial PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"tool_call_id" text NOT NULL,
	"client_id" text NOT NULL,
	"email" text NOT NULL,
	"summary" text NOT NULL,
	"category" text NOT NULL,
	"steps_tried" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cited_articles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"released_at" timestamp with time zone,
	"released_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_conversation_call_key" ON "handoffs" USING btree ("conversation_id","tool_call_id");--> statement-breakpoint
CREATE INDEX "handoffs_status_created_idx" ON "handoffs" USING btree ("status","created_at");