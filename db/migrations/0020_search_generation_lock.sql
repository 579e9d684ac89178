-- A writer that bumps the search generation also holds a shared advisory lock until it commits.
-- The semantic leg loads its in-memory copy of the vectors only while it can take that lock
-- exclusively (lib/search/legs/semantic.ts), so a copy is never read between a writer's bump and its
-- commit, which on the Postgres server (other connections, other instances) would have kept the
-- copy stale under the new generation. The key is SEARCH_GENERATION_LOCK in that file.
CREATE OR REPLACE FUNCTION "bump_search_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7340019);
  PERFORM nextval('search_generation_seq');
  RETURN NULL;
END
$$;
