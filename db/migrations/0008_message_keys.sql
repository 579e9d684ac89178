-- Message ids come from the browser, so they are unique only within a conversation: the key
-- becomes (conversation_id, id). "messages_pkey" is the name Postgres gave the inline key of 0001.
ALTER TABLE "messages" DROP CONSTRAINT "messages_pkey";--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_id_pk" PRIMARY KEY("conversation_id","id");--> statement-breakpoint
-- Feedback on a message names its conversation too; existing votes take it from the message
-- (ids were still globally unique before this migration). Article votes keep ''.
ALTER TABLE "feedback" ADD COLUMN "conversation_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "feedback" SET "conversation_id" = "messages"."conversation_id" FROM "messages" WHERE "feedback"."target_type" = 'message' AND "messages"."id" = "feedback"."target_id";--> statement-breakpoint
DROP INDEX "feedback_target_client_key";--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_target_client_key" ON "feedback" USING btree ("target_type","conversation_id","target_id","client_id");
