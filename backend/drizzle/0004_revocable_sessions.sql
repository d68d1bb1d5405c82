ALTER TABLE "users" ADD COLUMN "session_epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Who a caller is (a user's role, team, active flag and session epoch; an API key's scopes,
-- expiry and revocation) is cached by every backend process. Changes to it are announced under
-- their own name, apart from the data notifications of migration 0003, so that ending a session
-- does not empty the caches of what expansions read.
CREATE OR REPLACE FUNCTION pcp_notify_identity_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify('pcp_changes', 'identities');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER users_notify_identity_change AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_identity_change();--> statement-breakpoint
-- Recording a key's last use (last_used_at) changes nothing a cache holds, and happens often.
CREATE TRIGGER api_keys_notify_identity_change AFTER UPDATE OF is_active, scopes, expires_at, user_id OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_identity_change();
