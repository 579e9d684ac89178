-- Every write that bumps the search generation also notifies the channel resolve_search_generation.
-- Postgres delivers a notification when its transaction commits (one per transaction, none on
-- rollback), so each process keeps the generation in memory between notifications instead of
-- reading the counter on every search (lib/search/generation.ts): a cached search is then answered
-- without a round trip to the database.
CREATE OR REPLACE FUNCTION "bump_search_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7340019);
  PERFORM nextval('search_generation_seq');
  PERFORM pg_notify('resolve_search_generation', '');
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Everything a search hit shows moves the generation, not only what decides the hits: an article's
-- slug, title, category, source link and live revision, and a category's slug and name. A cached
-- result (lib/search/result-cache.ts) is then never older than its generation, and its time to
-- live is a memory bound, no longer the staleness bound of titles no trigger tracked.
DROP TRIGGER IF EXISTS "articles_search_generation" ON "articles";--> statement-breakpoint
CREATE TRIGGER "articles_search_generation" AFTER INSERT OR DELETE OR UPDATE OF "status", "collection", "slug", "title", "category_id", "source_id", "source_url", "version", "live_version" ON "articles" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "categories_search_generation" AFTER DELETE OR UPDATE OF "slug", "name" ON "categories" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();--> statement-breakpoint
CREATE TRIGGER "categories_search_generation_truncate" AFTER TRUNCATE ON "categories" FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
