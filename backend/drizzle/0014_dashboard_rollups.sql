CREATE TABLE "prompt_totals" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"prompts" integer NOT NULL,
	"versions" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_channel_error_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"team_id" uuid,
	"status_code" integer NOT NULL,
	"error_code" text NOT NULL,
	"error_message" text NOT NULL,
	"count" integer NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_channel_error_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","team_id","bucket","channel","status_code","error_code","error_message")
);
--> statement-breakpoint
CREATE TABLE "usage_channel_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"status_class" smallint NOT NULL,
	"team_id" uuid,
	"count" integer NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_max" double precision NOT NULL,
	"latency_histogram" integer[] NOT NULL,
	CONSTRAINT "usage_channel_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","team_id","bucket","channel","status_class")
);
--> statement-breakpoint
CREATE TABLE "usage_prompt_rollups" (
	"grain" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"prompt_name" text NOT NULL,
	"team_id" uuid,
	"count" integer NOT NULL,
	"errors" integer NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_max" double precision NOT NULL,
	CONSTRAINT "usage_prompt_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","team_id","bucket","prompt_name")
);;--> statement-breakpoint
-- The dashboard read a row per prompt (and channel and status) of every bucket in its range, and
-- counted every prompt and version: the rollups below add prompts together (or channels and
-- statuses, for the top prompts) and are filled from the rollups already kept, so they count the
-- same expansions; see docs/performance.md for the plans before and after.
INSERT INTO "usage_channel_rollups" ("grain", "bucket", "channel", "status_class", "team_id", "count", "latency_sum", "latency_max", "latency_histogram")
SELECT r."grain", r."bucket", r."channel", r."status_class", r."team_id", sum(r."count")::int, sum(r."latency_sum"), max(r."latency_max"),
	array[sum(r.latency_histogram[1])::int, sum(r.latency_histogram[2])::int, sum(r.latency_histogram[3])::int, sum(r.latency_histogram[4])::int, sum(r.latency_histogram[5])::int, sum(r.latency_histogram[6])::int, sum(r.latency_histogram[7])::int, sum(r.latency_histogram[8])::int, sum(r.latency_histogram[9])::int, sum(r.latency_histogram[10])::int, sum(r.latency_histogram[11])::int, sum(r.latency_histogram[12])::int]
FROM "usage_rollups" r
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 5, 2, 3, 4;--> statement-breakpoint
INSERT INTO "usage_prompt_rollups" ("grain", "bucket", "prompt_name", "team_id", "count", "errors", "latency_sum", "latency_max")
SELECT r."grain", r."bucket", r."prompt_name", r."team_id", sum(r."count")::int,
	coalesce(sum(r."count") FILTER (WHERE r."status_class" <> 2), 0)::int, sum(r."latency_sum"), max(r."latency_max")
FROM "usage_rollups" r
GROUP BY 1, 2, 3, 4
ORDER BY 1, 4, 2, 3;--> statement-breakpoint
INSERT INTO "usage_channel_error_rollups" ("grain", "bucket", "channel", "team_id", "status_code", "error_code", "error_message", "count", "last_seen_at")
SELECT e."grain", e."bucket", e."channel", e."team_id", e."status_code", e."error_code", e."error_message", sum(e."count")::int, max(e."last_seen_at")
FROM "usage_error_rollups" e
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY 1, 4, 2;--> statement-breakpoint
-- As for the other rollups: the organization's rows are few beside the teams', which the planner
-- cannot tell from grain and team_id apart.
CREATE STATISTICS "usage_channel_rollups_scope" (mcv) ON "grain", "team_id" FROM "usage_channel_rollups";--> statement-breakpoint
CREATE STATISTICS "usage_prompt_rollups_scope" (mcv) ON "grain", "team_id" FROM "usage_prompt_rollups";--> statement-breakpoint
CREATE STATISTICS "usage_channel_error_rollups_scope" (mcv) ON "grain", "team_id" FROM "usage_channel_error_rollups";--> statement-breakpoint
ANALYZE "usage_channel_rollups";--> statement-breakpoint
ANALYZE "usage_prompt_rollups";--> statement-breakpoint
ANALYZE "usage_channel_error_rollups";--> statement-breakpoint
-- Once per statement, from its transition table, so a bulk insert adds its rows at once. The row
-- stays locked until the writer commits: new prompts and versions take turns there, after the
-- prompt's own lock (a new version locks its prompt first), so writers never wait on each other
-- in opposite orders. Prompts and versions are never deleted by the API; a deletion by hand still counts.
CREATE OR REPLACE FUNCTION prompt_totals_count() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    delta integer;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT count(*) INTO delta FROM added;
    ELSE
      SELECT -count(*) INTO delta FROM removed;
    END IF;
    IF delta = 0 THEN
      RETURN NULL;
    ELSIF TG_TABLE_NAME = 'prompts' THEN
      UPDATE prompt_totals SET prompts = prompts + delta;
    ELSE
      UPDATE prompt_totals SET versions = versions + delta;
    END IF;
    RETURN NULL;
  END
  $$;--> statement-breakpoint
-- The two tables reference each other, so they are only ever truncated together.
CREATE OR REPLACE FUNCTION prompt_totals_clear() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE prompt_totals SET prompts = 0, versions = 0;
    RETURN NULL;
  END
  $$;--> statement-breakpoint
CREATE TRIGGER prompts_count_inserts AFTER INSERT ON prompts
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION prompt_totals_count();--> statement-breakpoint
CREATE TRIGGER prompts_count_deletes AFTER DELETE ON prompts
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION prompt_totals_count();--> statement-breakpoint
CREATE TRIGGER prompt_versions_count_inserts AFTER INSERT ON prompt_versions
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION prompt_totals_count();--> statement-breakpoint
CREATE TRIGGER prompt_versions_count_deletes AFTER DELETE ON prompt_versions
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION prompt_totals_count();--> statement-breakpoint
CREATE TRIGGER prompts_count_truncates AFTER TRUNCATE ON prompts
  FOR EACH STATEMENT EXECUTE FUNCTION prompt_totals_clear();--> statement-breakpoint
-- Counted once the triggers hold both tables: no prompt or version can be added in between.
INSERT INTO "prompt_totals" ("id", "prompts", "versions")
VALUES (1, (SELECT count(*) FROM "prompts"), (SELECT count(*) FROM "prompt_versions"));

