ALTER TABLE "feedback" ADD COLUMN "article_id" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "provenance" jsonb;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_article_idx" ON "feedback" USING btree ("article_id");--> statement-breakpoint
-- Article votes were keyed by slug; key them by the article's id. Two steps, so no intermediate
-- row collides on the unique key (a numeric slug could equal another article's id): first every
-- article vote's target becomes 'slug:<slug>', then the ones whose slug names an article become
-- its id. Votes whose slug names no article are kept, marked by the 'slug:' prefix and a null
-- article_id: no article, present or future, ever reads them (it is read by article_id).
UPDATE "feedback" SET "target_id" = 'slug:' || "target_id" WHERE "target_type" = 'article';--> statement-breakpoint
UPDATE "feedback" f SET "target_id" = a."id"::text, "article_id" = a."id"
  FROM "articles" a WHERE f."target_type" = 'article' AND f."target_id" = 'slug:' || a."slug";--> statement-breakpoint
-- Reasons were labels; store the ids of the one taxonomy (lib/feedback/reasons.ts). A reason that is
-- no label of it becomes 'other', its text kept at the start of the comment.
UPDATE "feedback" SET
  "comment" = CASE WHEN "reason" IN ('Didn''t answer my question', 'Hard to understand', 'Out of date', 'Incorrect', 'Something else') THEN "comment"
                   ELSE concat_ws(' — ', "reason", "comment") END,
  "reason" = CASE "reason"
    WHEN 'Didn''t answer my question' THEN 'not_answered'
    WHEN 'Hard to understand' THEN 'hard_to_understand'
    WHEN 'Out of date' THEN 'out_of_date'
    WHEN 'Incorrect' THEN 'incorrect'
    ELSE 'other' END
  WHERE "reason" IS NOT NULL;
