CREATE TABLE "usage_error_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"prompt_name" text NOT NULL,
	"channel" text NOT NULL,
	"team_id" uuid,
	"status_code" integer NOT NULL,
	"error_code" text NOT NULL,
	"error_message" text NOT NULL,
	"count" integer NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_error_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","team_id","bucket","prompt_name","channel","status_code","error_code","error_message")
);
--> statement-breakpoint
CREATE TABLE "usage_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"prompt_name" text NOT NULL,
	"channel" text NOT NULL,
	"status_class" smallint NOT NULL,
	"team_id" uuid,
	"count" integer NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_max" double precision NOT NULL,
	"latency_histogram" integer[] NOT NULL,
	CONSTRAINT "usage_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","team_id","bucket","prompt_name","channel","status_class")
);
--> statement-breakpoint
CREATE TABLE "usage_version_rollups" (
	"bucket" timestamp with time zone NOT NULL,
	"prompt_name" text NOT NULL,
	"prompt_version" text NOT NULL,
	"label" text,
	"status_class" smallint NOT NULL,
	"team_id" uuid,
	"count" integer NOT NULL,
	CONSTRAINT "usage_version_rollups_key" UNIQUE NULLS NOT DISTINCT("prompt_name","team_id","bucket","prompt_version","label","status_class")
);
--> statement-breakpoint
DROP INDEX "prompt_usage_created_idx";--> statement-breakpoint
DROP INDEX "prompt_usage_name_idx";--> statement-breakpoint
ALTER TABLE "prompt_usage" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "prompt_usage_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "org_settings" ADD COLUMN "usage_sampling" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "org_settings" ADD COLUMN "usage_retention_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "caller_type" text DEFAULT 'anonymous' NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "project_id" uuid;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "channel" text DEFAULT 'rest' NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "error_message" text;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "input_bytes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "output_bytes" integer;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "input_excerpt" text;--> statement-breakpoint
ALTER TABLE "prompt_usage" ADD COLUMN "output_excerpt" text;--> statement-breakpoint
CREATE INDEX "usage_rollups_prompt_idx" ON "usage_rollups" USING btree ("prompt_name","grain","bucket");--> statement-breakpoint
CREATE INDEX "prompt_usage_time_idx" ON "prompt_usage" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "prompt_usage_user_time_idx" ON "prompt_usage" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "prompt_usage_prompt_time_idx" ON "prompt_usage" USING btree ("prompt_name","created_at","id");--> statement-breakpoint
CREATE INDEX "prompt_usage_team_time_idx" ON "prompt_usage" USING btree ("team_id","created_at","id");--> statement-breakpoint
CREATE INDEX "prompt_usage_project_time_idx" ON "prompt_usage" USING btree ("project_id","created_at","id") WHERE "prompt_usage"."project_id" is not null;;--> statement-breakpoint
UPDATE "prompt_usage" u SET
	"channel" = CASE u."source" WHEN 'mcp' THEN 'mcp_tool' ELSE u."source" END,
	"caller_type" = CASE WHEN u."user_id" IS NULL THEN 'anonymous' ELSE 'user' END,
	"team_id" = (SELECT us."team_id" FROM "users" us WHERE us."id" = u."user_id");--> statement-breakpoint
INSERT INTO "usage_rollups" ("grain", "bucket", "prompt_name", "channel", "status_class", "team_id", "count", "latency_sum", "latency_max", "latency_histogram")
SELECT r.grain, date_trunc(r.grain, u."created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', u."prompt_name", u."channel",
	least(greatest(u."status_code" / 100, 2), 5), CASE WHEN r.per_team THEN u."team_id" END, count(*)::int, sum(u."latency_ms"),
	max(u."latency_ms"), array[(count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 0))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 1))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 2))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 3))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 4))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 5))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 6))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 7))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 8))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 9))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 10))::int, (count(*) filter (where width_bucket(u."latency_ms", array[1,2,5,10,20,50,100,200,500,1000,2000]::float8[]) = 11))::int]
FROM "prompt_usage" u
JOIN (VALUES ('hour', false), ('day', false), ('day', true)) AS r(grain, per_team) ON NOT r.per_team OR u."team_id" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
INSERT INTO "usage_version_rollups" ("bucket", "prompt_name", "prompt_version", "label", "status_class", "team_id", "count")
SELECT date_trunc('day', u."created_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', u."prompt_name", u."prompt_version", u."label",
	least(greatest(u."status_code" / 100, 2), 5), CASE WHEN r.per_team THEN u."team_id" END, count(*)::int
FROM "prompt_usage" u
JOIN (VALUES (false), (true)) AS r(per_team) ON NOT r.per_team OR u."team_id" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;;--> statement-breakpoint
-- The organization's rows (no team) are a small share of the rollups, but the planner cannot tell
-- from grain and team_id apart: it would scan the whole table for them.
CREATE STATISTICS "usage_rollups_scope" (mcv) ON "grain", "team_id" FROM "usage_rollups";--> statement-breakpoint
CREATE STATISTICS "usage_error_rollups_scope" (mcv) ON "grain", "team_id" FROM "usage_error_rollups";
