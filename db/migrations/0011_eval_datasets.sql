CREATE TABLE "answer_reviews" (
	"conversation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"draft_article_id" integer,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_reviews_conversation_id_message_id_pk" PRIMARY KEY("conversation_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "eval_case_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_row_id" integer NOT NULL,
	"article_id" integer,
	"article_title" text NOT NULL,
	"article_version" integer NOT NULL,
	"relation" text NOT NULL,
	"flagged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"case_id" text NOT NULL,
	"position" integer NOT NULL,
	"turns" jsonb NOT NULL,
	"gold" jsonb NOT NULL,
	"kind" text NOT NULL,
	"collection" text,
	"reference" text,
	"origin" text DEFAULT 'import' NOT NULL,
	"feedback_id" integer,
	"conversation_id" text,
	"message_id" text,
	"cited_article_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"run_id" integer,
	"error" text,
	"started_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "answer_reviews" ADD CONSTRAINT "answer_reviews_draft_article_id_articles_id_fk" FOREIGN KEY ("draft_article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_case_flags" ADD CONSTRAINT "eval_case_flags_case_row_id_eval_cases_id_fk" FOREIGN KEY ("case_row_id") REFERENCES "public"."eval_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_case_flags" ADD CONSTRAINT "eval_case_flags_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_cases" ADD CONSTRAINT "eval_cases_dataset_id_eval_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."eval_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_cases" ADD CONSTRAINT "eval_cases_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_jobs" ADD CONSTRAINT "eval_jobs_dataset_id_eval_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."eval_datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_jobs" ADD CONSTRAINT "eval_jobs_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eval_case_flags_case_idx" ON "eval_case_flags" USING btree ("case_row_id","flagged_at");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_cases_dataset_case_key" ON "eval_cases" USING btree ("dataset_id","case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_cases_answer_key" ON "eval_cases" USING btree ("dataset_id","conversation_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_datasets_name_key" ON "eval_datasets" USING btree ("name");--> statement-breakpoint
CREATE INDEX "eval_jobs_dataset_idx" ON "eval_jobs" USING btree ("dataset_id","started_at");