-- An import's identity is (collection, source id): the same folder base name imported under two
-- collection names must give two sets of articles. Existing rows were unique by source id alone,
-- so they are unique by the pair too: nothing to backfill.
DROP INDEX "articles_source_id_key";--> statement-breakpoint
CREATE UNIQUE INDEX "articles_collection_source_id_key" ON "articles" USING btree ("collection","source_id");