-- A counter of changes to what the semantic leg searches (chunks, their vectors, articles' status
-- and collection). The semantic leg keeps a small index's vectors in memory and reloads them when
-- this has moved (lib/search/legs/semantic.ts). A sequence, not a row: nextval takes no lock and
-- is not rolled back, so concurrent writers never wait on it (a rolled-back write only costs a reload).
CREATE SEQUENCE IF NOT EXISTS "search_generation_seq";--> statement-breakpoint
SELECT nextval('search_generation_seq');--> statement-breakpoint
CREATE OR REPLACE FUNCTION "bump_search_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('search_generation_seq');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "article_chunks_search_generation" AFTER INSERT OR UPDATE OR DELETE ON "article_chunks" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "article_chunks_search_generation_truncate" AFTER TRUNCATE ON "article_chunks" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "chunk_embeddings_search_generation" AFTER INSERT OR UPDATE OR DELETE ON "chunk_embeddings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "chunk_embeddings_search_generation_truncate" AFTER TRUNCATE ON "chunk_embeddings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "articles_search_generation" AFTER INSERT OR DELETE OR UPDATE OF "status", "collection" ON "articles" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "articles_search_generation_truncate" AFTER TRUNCATE ON "articles" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
