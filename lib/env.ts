/**
 * Environment, validated once. Every other module reads settings from `env()`, never from
 * `process.env` directly.
 */
import 'server-only';
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  /** Postgres server URL; unset means the embedded PGlite in `RESOLVE_DATA_DIR/pglite`. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder for the embedded database and derived caches (created on demand). */
  RESOLVE_DATA_DIR: z.string().min(1).default('.data'),
  /** Hosted model switch: set it to use `@ai-sdk/openai` for chat and embeddings. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, a test server). */
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  /** Offline embedding model: `glove-100d-sif-pc1` (default, measured best) or `hash-256` (lexical baseline). */
  RESOLVE_LOCAL_EMBEDDING: z.enum(['glove-100d-sif-pc1', 'hash-256']).default('glove-100d-sif-pc1'),
  /** HNSW candidate list size per query (pgvector `hnsw.ef_search`); higher = better recall, slower. */
  RESOLVE_HNSW_EF_SEARCH: z.coerce.number().int().min(10).max(1000).default(400),
  /** Seed the bundled sample articles into an empty database at start-up (lib/startup.ts; "0" turns it off). */
  RESOLVE_SEED: z.enum(['0', '1']).default('1'),
  /** `off` disables the per-client rate limits of the public API (benchmarks, load tests). */
  RESOLVE_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Searches kept per database in the result cache (lib/search/result-cache.ts); 0 turns it off. */
  RESOLVE_SEARCH_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(2000),
  /** How many proxies in front of the app append to X-Forwarded-For (lib/client-address.ts).
   *  0 (default): the client is the socket's peer and the header is ignored; N: the N-th entry
   *  from the right of X-Forwarded-For. Set it to exactly the proxies you run: one too many lets
   *  clients choose their address. */
  RESOLVE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** A hosted chat model that has not finished within this many ms is cut off and the search
   *  results are shown instead (default 45 s). */
  RESOLVE_CHAT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(45_000),
  /** Pause between the offline model's streamed words, in ms (default 0; the e2e tests use it to press Stop mid-answer). */
  RESOLVE_LOCAL_STREAM_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /** Signs the session cookie (better-auth). Unset: a random secret made once and kept in the
   *  database (`app_secrets`), shared by every instance on it. */
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters').optional(),
  /** The site's public URL (e.g. https://help.example.com). An https URL makes the session cookie
   *  Secure (`__Secure-` prefix); unset, it is Secure only under NODE_ENV=production. */
  BETTER_AUTH_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof schema> & { dataDir: string };

let cached: Env | undefined;

/**
 * Reads and validates the environment once per process.
 * @returns the parsed settings plus `dataDir`, the absolute data folder.
 * @throws Error naming every invalid variable.
 */
export function env(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.RESOLVE_DATA_DIR) };
  return cached;
}

/** Forgets the cached environment (tests change process.env between cases). */
export function resetEnvForTests(): void {
  cached = undefined;
}
