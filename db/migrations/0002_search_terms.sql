CREATE TABLE "search_terms" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"df" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL,
	"df" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_trgm" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
INSERT INTO "search_terms" ("lexeme", "df") SELECT word, ndoc FROM ts_stat('SELECT search FROM article_chunks') ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_terms" ("lexeme", "df") SELECT '', count(*) FROM article_chunks ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_words" ("word", "df") SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', unaccent(heading_path || '' '' || content)) FROM article_chunks') WHERE word ~ '^[a-z][a-z0-9]{2,}$' ON CONFLICT DO NOTHING;
