-- Tag filters and searches used to start from every version's tags and then check, version by
-- version, whether it was the one served; `q` ran `ilike` on three columns of every prompt. The
-- served version's tags now live on the prompt, kept by the triggers below, and `q` reads one
-- lower-cased column with `like` (see docs/performance.md for the plans before and after).
DROP INDEX "prompt_versions_tags_idx";--> statement-breakpoint
DROP INDEX "prompt_versions_tags_trgm_idx";--> statement-breakpoint
DROP INDEX "prompts_name_trgm_idx";--> statement-breakpoint
DROP INDEX "prompts_description_trgm_idx";--> statement-breakpoint
ALTER TABLE "prompts" ADD COLUMN "served_tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- The tags of the version a prompt serves: its `production` label's, else its latest version's.
CREATE OR REPLACE FUNCTION prompt_served_tags(target uuid, latest uuid) RETURNS text[]
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce((
      SELECT v.tags FROM prompt_versions v
      WHERE v.id = coalesce(
        (SELECT pl.version_id FROM prompt_labels pl WHERE pl.prompt_id = target AND pl.label = 'production'),
        latest)
    ), '{}')
  $$;--> statement-breakpoint
UPDATE "prompts" SET "served_tags" = prompt_served_tags("id", "latest_version_id");--> statement-breakpoint
-- A new latest version changes what a prompt without `production` serves.
CREATE OR REPLACE FUNCTION prompts_keep_served_tags() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    NEW.served_tags := prompt_served_tags(NEW.id, NEW.latest_version_id);
    RETURN NEW;
  END
  $$;--> statement-breakpoint
CREATE TRIGGER prompts_served_tags_on_write
  BEFORE INSERT OR UPDATE OF latest_version_id ON prompts
  FOR EACH ROW EXECUTE FUNCTION prompts_keep_served_tags();--> statement-breakpoint
-- Setting, moving or removing `production` changes what the prompt serves.
CREATE OR REPLACE FUNCTION prompt_labels_refresh_served_tags() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    changed uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.prompt_id ELSE NEW.prompt_id END;
  BEGIN
    UPDATE prompts p SET served_tags = prompt_served_tags(p.id, p.latest_version_id)
    WHERE p.id = changed AND p.served_tags IS DISTINCT FROM prompt_served_tags(p.id, p.latest_version_id);
    RETURN NULL;
  END
  $$;--> statement-breakpoint
CREATE TRIGGER prompt_labels_served_tags_on_insert
  AFTER INSERT ON prompt_labels
  FOR EACH ROW WHEN (NEW.label = 'production') EXECUTE FUNCTION prompt_labels_refresh_served_tags();--> statement-breakpoint
CREATE TRIGGER prompt_labels_served_tags_on_update
  AFTER UPDATE ON prompt_labels
  FOR EACH ROW WHEN (NEW.label = 'production' OR OLD.label = 'production')
  EXECUTE FUNCTION prompt_labels_refresh_served_tags();--> statement-breakpoint
CREATE TRIGGER prompt_labels_served_tags_on_delete
  AFTER DELETE ON prompt_labels
  FOR EACH ROW WHEN (OLD.label = 'production') EXECUTE FUNCTION prompt_labels_refresh_served_tags();--> statement-breakpoint
ALTER TABLE "prompts" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(name || chr(31) || coalesce(description, '') || chr(31) || prompt_tags_text(served_tags))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "prompts_listing_idx" ON "prompts" USING btree ("name","id","visibility","user_id","is_deprecated");--> statement-breakpoint
CREATE INDEX "prompts_lower_name_trgm_idx" ON "prompts" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "prompts_served_tags_idx" ON "prompts" USING gin ("served_tags");--> statement-breakpoint
CREATE INDEX "prompts_search_text_trgm_idx" ON "prompts" USING gin ("search_text" gin_trgm_ops);
--> statement-breakpoint
-- Plans for `q` and tags need the new columns' statistics now, not at the next autovacuum.
ANALYZE "prompts";
