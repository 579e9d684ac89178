CREATE TABLE "article_slug_history" (
	"slug" text PRIMARY KEY NOT NULL,
	"article_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "article_revisions_article_version_key";--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "kind" text DEFAULT 'save' NOT NULL;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "author_id" integer;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "category_id" integer;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD COLUMN "base_version" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "draft_revision_id" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "live_version" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "publish_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "article_slug_history" ADD CONSTRAINT "article_slug_history_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_slug_history_article_idx" ON "article_slug_history" USING btree ("article_id");--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_author_id_admin_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."admin_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_revisions_article_idx" ON "article_revisions" USING btree ("article_id","id");--> statement-breakpoint
CREATE INDEX "articles_publish_at_idx" ON "articles" USING btree ("publish_at");--> statement-breakpoint
CREATE UNIQUE INDEX "article_revisions_article_version_key" ON "article_revisions" USING btree ("article_id","version") WHERE "article_revisions"."kind" <> 'conflict';--> statement-breakpoint
-- Older revisions: the category is the article's current one (the best that is known), the author id the admin with that email.
UPDATE "article_revisions" r SET "category_id" = a."category_id" FROM "articles" a WHERE a."id" = r."article_id";--> statement-breakpoint
UPDATE "article_revisions" r SET "author_id" = u."id" FROM "admin_users" u WHERE lower(u."email") = lower(r."author");--> statement-breakpoint
-- Before drafts every version was live.
UPDATE "articles" SET "live_version" = "version";
