CREATE TABLE "eval_results" (
	"run_id" integer NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"gold" jsonb NOT NULL,
	"turns" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"detail" jsonb NOT NULL,
	"search_ms" real,
	"ttft_ms" real,
	"answer_ms" real,
	"position" integer NOT NULL,
	CONSTRAINT "eval_results_run_id_case_id_pk" PRIMARY KEY("run_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "eval_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_name" text NOT NULL,
	"dataset_version" text NOT NULL,
	"cases" integer NOT NULL,
	"retrieval_metrics" jsonb NOT NULL,
	"answer_metrics" jsonb,
	"config" jsonb NOT NULL,
	"git_commit" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eval_results" ADD CONSTRAINT "eval_results_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eval_runs_dataset_idx" ON "eval_runs" USING btree ("dataset_name","created_at");