/**
 * Drizzle schema: one Postgres schema for PGlite (embedded default) and a Postgres server.
 * Keep it to SQL that PostgreSQL 15 accepts (PGlite is 18): generated columns STORED, no uuidv7().
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Postgres `tsvector`; drizzle has no built-in type for it. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * pgvector `vector` without a fixed dimension, so vectors of several embedding models can live in
 * one table; each row names its model, and each model gets a partial HNSW index on
 * `(embedding::vector(<dims>))` (see db/queries/embeddings.ts).
 */
export const vectorAny = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (v) => `[${v.join(',')}]`,
  fromDriver: (v) => (typeof v === 'string' ? JSON.parse(v) : (v as unknown as number[])),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Products: one row per collection (an imported docs folder, or the bundled sample `resolve`).
 * `articles.collection` and `categories.collection` hold the slug. Title, description and colour
 * come from the import (Mintlify `docs.json` name/description/colors, VuePress home `heroText` /
 * `tagline`) until the content team edits them in the admin (`edited` true: re-imports keep them).
 */
export const collections = pgTable('collections', {
  slug: text('slug').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  /** Brand colour for the product's monogram icon, `#rgb` or `#rrggbb`; null → the theme accent. */
  color: text('color'),
  /** Order on the home page, ascending; ties by title. */
  position: integer('position').notNull().default(0),
  /** BCP 47 language tag of the product's articles. */
  locale: text('locale').notNull().default('en'),
  /** Set when the admin edits the row; imports then leave title, description and colour alone. */
  edited: boolean('edited').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The collection the category belongs to: `resolve` for bundled content, else the imported folder name. */
    collection: text('collection').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('categories_slug_key').on(t.slug)],
);

export const articleStatus = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatus)[number];

/**
 * Something in an article for the content team to review. `instructions`: a sentence of the body
 * addressed to an AI assistant (lib/assistant/instructions.ts); `line` is 1-based in the body.
 */
export interface ReviewFlag {
  kind: 'instructions';
  line: number;
  text: string;
}

export const articles = pgTable(
  'articles',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** Markdown (CommonMark + GFM), already stripped of MDX components by the importer. */
    body: text('body').notNull(),
    /** sha256 hex of title + summary + body + category; re-imports skip unchanged articles by it. */
    contentHash: text('content_hash').notNull(),
    status: text('status').$type<ArticleStatus>().notNull().default('draft'),
    categoryId: integer('category_id').references(() => categories.id, { onDelete: 'set null' }),
    collection: text('collection').notNull(),
    /**
     * `<folder name>/<path relative to the folder>` for imported articles; null for ones written here.
     * Unique within a collection: an import's identity is (collection, source id), so two folders
     * sharing a base name imported under two collection names stay two sets of articles.
     */
    sourceId: text('source_id'),
    sourceUrl: text('source_url'),
    license: text('license'),
    attribution: text('attribution'),
    position: integer('position').notNull().default(0),
    /** Optimistic concurrency: every saved edit increments it. */
    version: integer('version').notNull().default(1),
    views: integer('views').notNull().default(0),
    /** Set on every save from the body; null when there is nothing to review. */
    reviewFlags: jsonb('review_flags').$type<ReviewFlag[]>(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    uniqueIndex('articles_collection_source_id_key').on(t.collection, t.sourceId),
    index('articles_category_idx').on(t.categoryId),
    index('articles_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
  ],
);

export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: serial('id').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<ArticleStatus>().notNull(),
    author: text('author'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('article_revisions_article_version_key').on(t.articleId, t.version)],
);

export const articleChunks = pgTable(
  'article_chunks',
  {
    id: serial('id').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Headings above the chunk joined by " › ", without the article title. */
    headingPath: text('heading_path').notNull().default(''),
    /** Anchor id of the nearest heading, for deep links from citations. */
    anchor: text('anchor').notNull().default(''),
    content: text('content').notNull(),
    tokenCount: integer('token_count').notNull(),
    /** Weighted: article title A, heading path B, chunk text C (set by the insert, see lib/search/indexing.ts). */
    search: tsvector('search').notNull(),
    /**
     * Version of the text analysis `search` was built with (lib/search/indexing.ts
     * ANALYZER_VERSION); start-up rebuilds the chunks of an older one. 0: before versions existed.
     */
    analyzer: smallint('analyzer').notNull().default(0),
  },
  (t) => [index('article_chunks_article_idx').on(t.articleId)],
);

/**
 * The keyword leg's inverted index: one posting per (chunk, lexeme of its `search` tsvector) with
 * the lexeme's precomputed impact, ts_rank(search, lexeme, 1) — the per-term part of the keyword
 * score Σ idf · ts_rank. Written by a trigger on `article_chunks` inserts (migration 0004), removed
 * with the chunk (cascade). Read in impact order per lexeme (Anh & Moffat, "Pruned query evaluation
 * using pre-computed impacts", SIGIR 2006), so a query reads a bounded number of postings however
 * common its words are.
 */
export const chunkTerms = pgTable(
  'chunk_terms',
  {
    chunkId: integer('chunk_id')
      .notNull()
      .references(() => articleChunks.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').notNull(),
    lexeme: text('lexeme').notNull(),
    impact: real('impact').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chunkId, t.lexeme] }), index('chunk_terms_lexeme_impact_idx').on(t.lexeme, t.impact.desc(), t.chunkId, t.articleId)],
);

export const chunkEmbeddings = pgTable(
  'chunk_embeddings',
  {
    chunkId: integer('chunk_id')
      .notNull()
      .references(() => articleChunks.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    dims: integer('dims').notNull(),
    embedding: vectorAny('embedding').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chunkId, t.model] })],
);

export const conversations = pgTable('conversations', {
  id: text('id').primaryKey(),
  clientId: text('client_id').notNull(),
  title: text('title').notNull().default(''),
  status: text('status').$type<'open' | 'handoff'>().notNull().default('open'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Chat messages. The key is (conversation_id, id): message ids come from the browser (AI SDK
 * `useChat`), so two conversations may both hold a "u1"; an id names a message only within its
 * conversation.
 */
export const messages = pgTable(
  'messages',
  {
    id: text('id').notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role').$type<'user' | 'assistant' | 'system'>().notNull(),
    /** AI SDK UI message parts, with personal data redacted. */
    parts: jsonb('parts').notNull(),
    modelId: text('model_id'),
    /** Assistant answers: the chunks the search tool handed to the model, in citation order. */
    retrievedChunkIds: jsonb('retrieved_chunk_ids').$type<number[]>(),
    /** Assistant answers: what produced the answer (retrieval, answerability, model and config); null before 0010. */
    provenance: jsonb('provenance').$type<AnswerProvenance>(),
    latencyMs: integer('latency_ms'),
    /** `complete`, or `stopped` when the user pressed Stop or the stream was cut. */
    state: text('state').$type<'complete' | 'stopped'>().notNull().default('complete'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.id] }), index('messages_conversation_idx').on(t.conversationId, t.position)],
);

/** One passage the search tool retrieved for an answer, as it was when the answer was made. */
export interface RetrievedPassage {
  /** Citation number within the turn ([n] in the model's answer, before renumbering). */
  n: number;
  chunkId: number | null;
  articleId: number | null;
  /** `articles.version` when retrieved (= `article_revisions.version` of that text). */
  articleVersion: number | null;
  slug: string;
  title: string;
  headingPath: string;
  url: string;
  /** The passage text handed to the model. */
  text: string;
  /** Whether the answer cites it (it is then a `source-url` part of the answer). */
  cited: boolean;
}

/** One call of the search tool in a turn, with the answerability model's decision on it. */
export interface SearchCall {
  query: string;
  collection: string | null;
  /** Probability (0–1) that the lead passage answers; `answer` is the decision at the model's threshold. */
  answerable: { answer: boolean; probability: number; lead: number | null; also: number[]; clarify: boolean };
}

/**
 * What produced a stored assistant answer (`messages.provenance`). The question and the earlier
 * turns are the conversation's messages before it; the answer and its citations are its parts.
 */
export interface AnswerProvenance {
  /** Chat model: stored id, label shown, local or hosted, and the settings of the turn. */
  model: { id: string; label: string; local: boolean; config: Record<string, unknown> };
  searches: SearchCall[];
  retrieved: RetrievedPassage[];
  /** The decision the answer followed (the last search's): null when the model did not search. */
  answerability: { answer: boolean; probability: number; threshold: number } | null;
  /** How the turn ended. */
  outcome: 'answered' | 'refused' | 'clarify' | 'handoff' | 'fallback' | 'paused' | 'stopped' | 'no_search';
}

export const feedbackTargets = ['article', 'message'] as const;
export type FeedbackTarget = (typeof feedbackTargets)[number];

export const feedback = pgTable(
  'feedback',
  {
    id: serial('id').primaryKey(),
    targetType: text('target_type').$type<FeedbackTarget>().notNull(),
    targetId: text('target_id').notNull(),
    /** For `message` targets: the conversation the message is in (message ids are unique only there); '' for articles. */
    conversationId: text('conversation_id').notNull().default(''),
    /**
     * For `article` targets: the article (then `target_id` is its id as text), so a vote follows
     * the article through a rename. Null for answers, and for article votes kept without one:
     * their slug resolved to no article when migration 0010 converted slugs (`target_id` is then
     * `slug:<old slug>`), or the article was deleted later.
     */
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'set null' }),
    clientId: text('client_id').notNull(),
    /** +1 helpful, -1 not helpful. */
    rating: smallint('rating').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('feedback_target_client_key').on(t.targetType, t.conversationId, t.targetId, t.clientId), index('feedback_article_idx').on(t.articleId)],
);

export const searchQueries = pgTable(
  'search_queries',
  {
    id: serial('id').primaryKey(),
    /** Query text with personal data redacted. */
    query: text('query').notNull(),
    resultCount: integer('result_count').notNull(),
    source: text('source').notNull().default('search'),
    latencyMs: integer('latency_ms'),
    createdAt: createdAt(),
  },
  (t) => [index('search_queries_created_idx').on(t.createdAt)],
);

export const adminUsers = pgTable(
  'admin_users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` (see lib/auth/password.ts). */
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('admin_users_email_key').on(sql`lower(${t.email})`)],
);

export const adminSessions = pgTable('admin_sessions', {
  /** sha256 hex of the session token; the token itself lives only in the cookie. */
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => adminUsers.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

/**
 * Document frequencies of the keyword index's lexemes (english stems, over chunks), kept in step
 * with `article_chunks` by lib/content/save.ts; the row with lexeme '' holds the chunk count N.
 * They give the keyword leg its IDF weights (BM25-style), which `ts_rank` alone lacks.
 */
export const searchTerms = pgTable(
  'search_terms',
  {
    lexeme: text('lexeme').primaryKey(),
    df: integer('df').notNull(),
  },
  // Completions of the word being typed: `lexeme like 'pay%'` (any database collation).
  (t) => [index('search_terms_prefix_idx').on(t.lexeme.op('text_pattern_ops'))],
);

/**
 * Vocabulary of indexed words as written (lower-cased, unaccented, not stemmed) with their chunk
 * frequency, for typo correction ("refnud" → "refund") and "did you mean".
 */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
    df: integer('df').notNull(),
  },
  (t) => [index('search_words_trgm').using('gin', t.word.op('gin_trgm_ops'))],
);

export const handoffStatus = ['open', 'released'] as const;
export type HandoffStatus = (typeof handoffStatus)[number];

/**
 * Requests to reach a human, created only after the user confirmed the form the assistant
 * prepared. `email` is the one field kept unredacted (support needs it to reply); everything else
 * is redacted. While a conversation has an open handoff the assistant does not answer in it.
 */
export const handoffs = pgTable(
  'handoffs',
  {
    id: serial('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** The `handoff_to_human` tool call the form belonged to; one handoff per call. */
    toolCallId: text('tool_call_id').notNull(),
    clientId: text('client_id').notNull(),
    email: text('email').notNull(),
    summary: text('summary').notNull(),
    category: text('category').notNull(),
    stepsTried: jsonb('steps_tried').$type<string[]>().notNull().default([]),
    citedArticles: jsonb('cited_articles').$type<{ title: string; url: string }[]>().notNull().default([]),
    status: text('status').$type<HandoffStatus>().notNull().default('open'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedBy: text('released_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('handoffs_conversation_call_key').on(t.conversationId, t.toolCallId),
    index('handoffs_status_created_idx').on(t.status, t.createdAt),
  ],
);

/**
 * Stored evaluation runs (`npm run eval -- … --save`): the metrics of one run of a dataset
 * version and the configuration that produced them. `retrievalMetrics` holds
 * lib/evals/retrieval.ts `RetrievalReport` without its per-case lists (overall and per kind, per
 * config); `answerMetrics` lib/evals/answers.ts `AnswerMetrics` overall and per kind, null for a
 * retrieval-only run. `config` is lib/evals/runs.ts `EvalRunConfig` (models, fusion weights,
 * classifier and prompt versions, git commit).
 */
export const evalRuns = pgTable(
  'eval_runs',
  {
    id: serial('id').primaryKey(),
    datasetName: text('dataset_name').notNull(),
    /** sha256 hex of the dataset's cases (lib/evals/dataset.ts `datasetVersion`). */
    datasetVersion: text('dataset_version').notNull(),
    cases: integer('cases').notNull(),
    retrievalMetrics: jsonb('retrieval_metrics').$type<Record<string, unknown>>().notNull(),
    answerMetrics: jsonb('answer_metrics').$type<Record<string, unknown>>(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    /** Commit of the code that ran, or null outside a git checkout (also in `config`). */
    gitCommit: text('git_commit'),
    /** Wall time of the scoring (indexing excluded), ms. */
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('eval_runs_dataset_idx').on(t.datasetName, t.createdAt)],
);

/**
 * One case of a stored run: its gold and turns as run (to tell a changed case from the same one
 * when two runs are compared), per-case scores as numerator/denominator pairs (lib/evals/runs.ts
 * `CaseScores`), what the system returned (`detail`: ranked ids, cited ids, answer) and latency.
 */
export const evalResults = pgTable(
  'eval_results',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => evalRuns.id, { onDelete: 'cascade' }),
    caseId: text('case_id').notNull(),
    kind: text('kind').notNull(),
    /** Gold ids as scored: each article's source id, or its slug when it has none. */
    gold: jsonb('gold').$type<string[]>().notNull(),
    turns: jsonb('turns').$type<string[]>().notNull(),
    scores: jsonb('scores').$type<Record<string, { n: number; d: number }>>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    /** Hybrid search time of the case, ms; null for unanswerable cases (not searched by the retrieval eval). */
    searchMs: real('search_ms'),
    /** Answer time to first token and to the end, ms; null without answers. */
    ttftMs: real('ttft_ms'),
    answerMs: real('answer_ms'),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.caseId] })],
);
