CREATE TABLE "collections" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"color" text,
	"position" integer DEFAULT 0 NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Databases that already hold articles: one row per collection, titled from its folder name until the next import or an admin edit.
INSERT INTO "collections" ("slug", "title") SELECT DISTINCT "collection", initcap(replace(replace("collection", '-', ' '), '_', ' ')) FROM "articles" ON CONFLICT DO NOTHING;
