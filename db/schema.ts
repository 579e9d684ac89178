/**
 * Drizzle schema: one Postgres schema for PGlite (embedded default) and a Postgres server.
 * Keep it to SQL that PostgreSQL 15 accepts (PGlite is 18): generated columns STORED, no uuidv7().
 */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgTable, primaryKey, real, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    /**
     * A published article's pending draft: the `article_revisions` row whose text the editor shows
     * and Publish makes live; null when the live text is the latest. (No FK: the two tables would
     * reference each other; the revision goes with its article anyway.)
     */
    draftRevisionId: integer('draft_revision_id'),
    /**
     * The revision whose text is live (chunks, search, what readers see): `version` counts drafts
     * too. Provenance of retrieved passages names this one. Null before 0011 (then `version`).
     */
    liveVersion: integer('live_version'),
    /** When the article (or its pending draft) is due to go live, UTC; null when not scheduled. */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    index('articles_publish_at_idx').on(t.publishAt),
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
    /** What made the revision (see `RevisionKind`); rows before 0011 are `save`. */
    kind: text('kind').$type<RevisionKind>().notNull().default('save'),
    /** The admin who saved it; null for imports, seeding and rows before 0011. */
    authorId: integer('author_id').references(() => adminUsers.id, { onDelete: 'set null' }),
    categoryId: integer('category_id'),
    /** `conflict`: the version the refused edit started from; `restore`: the version restored. */
    baseVersion: integer('base_version'),
    createdAt: createdAt(),
  },
  // A refused (`conflict`) save keeps the version it was based on, so only the others are unique.
  (t) => [uniqueIndex('article_revisions_article_version_key').on(t.articleId, t.version).where(sql`${t.kind} <> 'conflict'`), index('article_revisions_article_idx').on(t.articleId, t.id)],
);

/**
 * `save`: an edit written to the article (not published, or an import); `draft`: an edit of a
 * published article kept aside until Publish; `publish`: text made live; `status`: publish,
 * unpublish, archive or unarchive without a text change; `restore`: an older revision brought
 * back; `discard`: a pending draft dropped (the row holds the live text again); `conflict`: a save
 * refused because its base version was stale, kept so no text is lost.
 */
export const revisionKinds = ['save', 'draft', 'publish', 'status', 'restore', 'discard', 'conflict'] as const;
export type RevisionKind = (typeof revisionKinds)[number];

/**
 * Slugs an article had before: /articles/<old> answers 308 to the current slug. A row is removed
 * when a new article takes the slug, so a live article always wins over a redirect.
 */
export const articleSlugHistory = pgTable(
  'article_slug_history',
  {
    slug: text('slug').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('article_slug_history_article_idx').on(t.articleId)],
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
    /** Assistant answers made under an experiment: its id (no foreign key: a deleted experiment keeps its history). */
    experimentId: integer('experiment_id'),
    /** The arm the visitor was in: `control` or `variant`; null outside an experiment. */
    variant: text('variant').$type<ExperimentArm>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.id] }), index('messages_conversation_idx').on(t.conversationId, t.position), index('messages_experiment_idx').on(t.experimentId, t.variant)],
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

/** Staff roles, least to most: see lib/auth/roles.ts for what each may do. */
export const STAFF_ROLES = ['viewer', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Staff accounts: better-auth's `user` model (lib/auth/auth.ts maps it here; property names are
 * the library's field names). `role`, `banned*` come from its admin plugin; a banned user cannot
 * sign in and has no sessions. Passwords live in `auth_accounts.password`.
 */
export const adminUsers = pgTable(
  'admin_users',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull().default(''),
    email: text('email').notNull(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    role: text('role', { enum: STAFF_ROLES }).notNull().default('viewer'),
    banned: boolean('banned').notNull().default(false),
    banReason: text('ban_reason'),
    banExpires: timestamp('ban_expires', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('admin_users_email_key').on(sql`lower(${t.email})`), check('admin_users_role_check', sql`${t.role} in ('viewer', 'editor', 'admin')`)],
);

/**
 * Server-side sessions (better-auth `session`): the cookie carries the token signed with the auth
 * secret, so this table alone grants nothing. Deleted with their user.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: serial('id').primaryKey(),
    token: text('token').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    /** Admin plugin field (impersonation is not offered; always null). */
    impersonatedBy: text('impersonated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('auth_sessions_token_key').on(t.token), index('auth_sessions_user_idx').on(t.userId)],
);

/**
 * Sign-in methods of a user (better-auth `account`): here only `credential` rows whose `password`
 * is the library's scrypt hash, or a `scrypt$N$r$p$salt$key` hash kept from before (verified by
 * lib/auth/legacy-password.ts).
 */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: serial('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

/** better-auth `verification` (one-time values; unused by email + password today, required by the library). */
export const authVerifications = pgTable('auth_verifications', {
  id: serial('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Secrets the app makes for itself on first start, shared by every instance on one database
 * (the auth secret that signs session cookies when BETTER_AUTH_SECRET is not set).
 */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * Personal API tokens for the content API (`Authorization: Bearer rsv_…`), created by an admin in
 * the admin. Only the sha256 of a token is stored; the token is shown once, at creation.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** sha256 hex of the whole token. */
    tokenHash: text('token_hash').notNull(),
    /** The token's first characters (`rsv_ab12…`), to tell tokens apart in the admin. */
    prefix: text('prefix').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Audit log of admin actions (who, what, when): every admin server action that changed something
 * and every content API write. `actor_email` is kept as written, so the row still names the
 * person after their account is deleted.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id').references(() => adminUsers.id, { onDelete: 'set null' }),
    actorEmail: text('actor_email'),
    /** `admin.saveArticle`, `api.patchArticle`, … */
    action: text('action').notNull(),
    /** `ok`, or `refused` when the action answered with an error message (validation, conflict). */
    outcome: text('outcome').$type<'ok' | 'refused'>().notNull(),
    /** What the action said (e.g. `Saved “Refund a payment”.`), or the target of an API write. */
    message: text('message').notNull().default(''),
    /** `api` (a token) or `admin` (a session). */
    via: text('via').$type<'admin' | 'api'>().notNull().default('admin'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_action_idx').on(t.action, t.at)],
);

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

/**
 * Whether the assistant is paused in the handoff's conversation: `open` (paused, a person answers)
 * or `released` (an admin let the assistant answer again). Separate from the workflow below.
 */
export const handoffStatus = ['open', 'released'] as const;
export type HandoffStatus = (typeof handoffStatus)[number];

/**
 * Where support is with a handoff: `new` → `in_progress` → `resolved` (and back one step).
 * Migration 0011 set it from `status` for rows made before it: open → new, released → resolved.
 */
export const handoffWorkflow = ['new', 'in_progress', 'resolved'] as const;
export type HandoffWorkflow = (typeof handoffWorkflow)[number];

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
    /** Support's progress (see handoffWorkflow); `status` says only whether the assistant is paused. */
    workflowStatus: text('workflow_status').$type<HandoffWorkflow>().notNull().default('new'),
    /** The admin working on it; null when nobody is (or the account was deleted). */
    assigneeId: integer('assignee_id').references(() => adminUsers.id, { onDelete: 'set null' }),
    /** When the workflow status last changed to `resolved`; null while it is not resolved. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('handoffs_conversation_call_key').on(t.conversationId, t.toolCallId),
    index('handoffs_status_created_idx').on(t.status, t.createdAt),
    index('handoffs_workflow_created_idx').on(t.workflowStatus, t.createdAt),
  ],
);

/** Internal notes on a handoff, by admins for admins (never shown to the customer). */
export const handoffNotes = pgTable(
  'handoff_notes',
  {
    id: serial('id').primaryKey(),
    handoffId: integer('handoff_id')
      .notNull()
      .references(() => handoffs.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => adminUsers.id, { onDelete: 'set null' }),
    /** Kept as written so the note keeps its author after the account is deleted. */
    authorEmail: text('author_email').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('handoff_notes_handoff_idx').on(t.handoffId, t.createdAt)],
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

/**
 * Eval datasets kept in the database (issue 12): made in the admin from reviewed answers or
 * imported from JSONL. A dataset's version is lib/evals/dataset.ts `datasetVersion` of its cases,
 * computed from them, so it changes whenever a case does. Runs of a stored dataset are named
 * `db:<name>` (`eval_runs.dataset_name`).
 */
export const evalDatasets = pgTable(
  'eval_datasets',
  {
    id: serial('id').primaryKey(),
    /** 1–60 characters of `[a-z0-9._-]`, unique. */
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('eval_datasets_name_key').on(t.name)],
);

/**
 * One case of a stored dataset: the JSONL case fields (`case_id` is the line's `id`) and, in
 * columns of their own (never in the JSONL), where it came from: the reviewed answer
 * (conversation and message ids, the thumbs-down's feedback id), who added it and when. A rated
 * answer becomes at most one case per dataset (`eval_cases_answer_key`; NULLs — imported cases —
 * are distinct).
 */
export const evalCases = pgTable(
  'eval_cases',
  {
    id: serial('id').primaryKey(),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => evalDatasets.id, { onDelete: 'cascade' }),
    caseId: text('case_id').notNull(),
    position: integer('position').notNull(),
    turns: jsonb('turns').$type<string[]>().notNull(),
    /** Source ids or slugs of the answering articles; [] only for `unanswerable`. */
    gold: jsonb('gold').$type<string[]>().notNull(),
    kind: text('kind').notNull(),
    collection: text('collection'),
    reference: text('reference'),
    /** `review` (added from the review queue), `import` (a JSONL file) or `manual`. */
    origin: text('origin').$type<'review' | 'import' | 'manual'>().notNull().default('import'),
    feedbackId: integer('feedback_id').references(() => feedback.id, { onDelete: 'set null' }),
    conversationId: text('conversation_id'),
    messageId: text('message_id'),
    /** Articles the reviewed answer cited (ids), so an edit of one flags the case. */
    citedArticleIds: jsonb('cited_article_ids').$type<number[]>().notNull().default([]),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('eval_cases_dataset_case_key').on(t.datasetId, t.caseId), uniqueIndex('eval_cases_answer_key').on(t.datasetId, t.conversationId, t.messageId)],
);

/**
 * A stored case flagged because an article it depends on (a gold article, or one the reviewed
 * answer cited) was saved or changed status after the case was made. Whether a later run fixed
 * it is read from `eval_results` of runs of the dataset made after `flagged_at`.
 */
export const evalCaseFlags = pgTable(
  'eval_case_flags',
  {
    id: serial('id').primaryKey(),
    caseRowId: integer('case_row_id')
      .notNull()
      .references(() => evalCases.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'set null' }),
    articleTitle: text('article_title').notNull(),
    articleVersion: integer('article_version').notNull(),
    /** `gold` or `cited`: how the case depends on the article. */
    relation: text('relation').$type<'gold' | 'cited'>().notNull(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('eval_case_flags_case_idx').on(t.caseRowId, t.flaggedAt)],
);

export const answerReviewStates = ['added', 'dismissed', 'gap'] as const;
export type AnswerReviewState = (typeof answerReviewStates)[number];

/**
 * The review of one assistant answer in the /admin/feedback queue (no row: open). `gap` made a
 * draft article (`draft_article_id`) for the missing content.
 */
export const answerReviews = pgTable(
  'answer_reviews',
  {
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    state: text('state').$type<AnswerReviewState>().notNull(),
    reason: text('reason'),
    draftArticleId: integer('draft_article_id').references(() => articles.id, { onDelete: 'set null' }),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.messageId] })],
);

/** A run of a stored dataset started from the admin, scored in the server process. */
export const evalJobs = pgTable(
  'eval_jobs',
  {
    id: serial('id').primaryKey(),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => evalDatasets.id, { onDelete: 'cascade' }),
    status: text('status').$type<'running' | 'done' | 'failed'>().notNull().default('running'),
    runId: integer('run_id').references(() => evalRuns.id, { onDelete: 'set null' }),
    error: text('error'),
    startedBy: text('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('eval_jobs_dataset_idx').on(t.datasetId, t.startedAt)],
);

export const experimentArms = ['control', 'variant'] as const;
export type ExperimentArm = (typeof experimentArms)[number];

/**
 * Online experiments: a configuration variant (lib/experiments/config.ts `VariantConfig`: fusion
 * weights, RRF k, passages per search) served to `trafficShare` of visitors, sticky per visitor
 * (lib/experiments/assign.ts). At most one is running (`startedAt` set, `stoppedAt` null); the
 * others are drafts (never started) or stopped.
 */
export const experiments = pgTable('experiments', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** The variant arm's overrides of the production configuration. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  /** Share of visitors in the variant arm, 0–1 (the rest are the control arm). */
  trafficShare: real('traffic_share').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  createdBy: text('created_by'),
  createdAt: createdAt(),
});
