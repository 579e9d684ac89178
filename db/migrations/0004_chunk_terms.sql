CREATE TABLE "chunk_terms" (
	"chunk_id" integer NOT NULL,
	"article_id" integer NOT NULL,
	"lexeme" text NOT NULL,
	"impact" real NOT NULL,
	CONSTRAINT "chunk_terms_chunk_id_lexeme_pk" PRIMARY KEY("chunk_id","lexeme")
);
--> statement-breakpoint
DROP INDEX "article_chunks_search_gin";--> statement-breakpoint
ALTER TABLE "chunk_terms" ADD CONSTRAINT "chunk_terms_chunk_id_article_chunks_id_fk" FOREIGN KEY ("chunk_id") REFERENCES "public"."article_chunks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chunk_terms_lexeme_impact_idx" ON "chunk_terms" USING btree ("lexeme","impact" DESC NULLS LAST,"chunk_id","article_id");--> statement-breakpoint
CREATE INDEX "search_terms_prefix_idx" ON "search_terms" USING btree ("lexeme" text_pattern_ops);--> statement-breakpoint
CREATE FUNCTION "chunk_term_impact"(search tsvector, lexeme text) RETURNS real LANGUAGE sql IMMUTABLE AS $$
  -- ts_rank of one lexeme alone (normalization 1). The tsquery literal quotes the lexeme as
  -- tsquery input expects ('' for ', \\ for \).
  SELECT ts_rank(search, ('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''')::tsquery, 1)
$$;
--> statement-breakpoint
CREATE FUNCTION "chunk_terms_from_new_chunks"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One posting per lexeme of each new chunk.
  INSERT INTO chunk_terms (chunk_id, article_id, lexeme, impact)
  SELECT n.id, n.article_id, u.lexeme, chunk_term_impact(n.search, u.lexeme)
  FROM new_chunks n, unnest(n.search) AS u;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "article_chunks_postings" AFTER INSERT ON "article_chunks" REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION "chunk_terms_from_new_chunks"();
--> statement-breakpoint
INSERT INTO chunk_terms (chunk_id, article_id, lexeme, impact)
SELECT c.id, c.article_id, u.lexeme, chunk_term_impact(c.search, u.lexeme)
FROM article_chunks c, unnest(c.search) AS u;
--> statement-breakpoint
ANALYZE chunk_terms;
