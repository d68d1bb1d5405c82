-- Every committed change to what an expansion reads (the team tree, users' teams, policies,
-- objectives, projects and their members, prompts, their versions and shares) sends a
-- notification on channel pcp_changes, naming the table. Each backend process listens and drops
-- the results it keeps in memory, so replicas never serve an expansion from data another replica
-- changed.
-- Statement-level triggers: one notification per statement, and PostgreSQL folds identical
-- notifications of one transaction into one, delivered at commit (none on rollback).
CREATE OR REPLACE FUNCTION pcp_notify_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify('pcp_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER teams_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER users_notify_change AFTER INSERT OR UPDATE OF team_id OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER policies_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policies
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER objectives_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON objectives
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER projects_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER project_members_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_members
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER prompts_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prompts
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER prompt_versions_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prompt_versions
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER prompt_shares_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prompt_shares
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();
--> statement-breakpoint
-- MCP sessions are cached by every process too, but only their ending matters to those caches:
-- deletion, or an expiry moved earlier. Activity pushes expiry later and sends nothing.
CREATE TRIGGER mcp_sessions_notify_end AFTER DELETE OR TRUNCATE ON mcp_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER mcp_sessions_notify_cut_short AFTER UPDATE OF expires_at ON mcp_sessions
  FOR EACH ROW WHEN (NEW.expires_at < OLD.expires_at) EXECUTE FUNCTION pcp_notify_change();
