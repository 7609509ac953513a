CREATE TABLE "data_stamp" (
	"id" integer PRIMARY KEY NOT NULL,
	"changes" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "data_stamp" ("id", "changes") VALUES (1, 0);
--> statement-breakpoint
-- Raises the counter once per transaction, at its commit (the trigger is deferred), so that the
-- new count becomes visible together with the change: a page made from an older count is never
-- served after it. Committing transactions take their turn on the one row; nothing waits longer.
CREATE FUNCTION koers_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('koers.data_changed_in', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('koers.data_changed_in', txid_current()::text, true);
    UPDATE data_stamp SET changes = changes + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Every table whose rows pages may show, also those of later migrations (Koers calls this after
-- migrating): all but the counter itself and what signing in writes. Of the sessions, only their
-- end counts: a session that ended must not be remembered (src/web/auth.ts), while a session's
-- last use, written once a minute, changes no page.
CREATE FUNCTION koers_stamp_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND c.relname NOT IN ('data_stamp', 'rate_limits', 'sign_in_throttle')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'zz_data_stamp')
  LOOP
    BEGIN
      EXECUTE format(
        'CREATE CONSTRAINT TRIGGER zz_data_stamp AFTER %s ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION koers_data_changed()',
        CASE WHEN t = 'sessions' THEN 'DELETE' ELSE 'INSERT OR UPDATE OR DELETE' END, t);
      EXECUTE format('CREATE TRIGGER zz_data_stamp_truncate AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION koers_data_changed()', t);
    EXCEPTION WHEN duplicate_object THEN
      NULL; -- another process starting at the same time was first
    END;
  END LOOP;
END $$;
--> statement-breakpoint
SELECT koers_stamp_tables();
