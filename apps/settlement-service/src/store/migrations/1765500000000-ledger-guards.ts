import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database guards its own ledger, whoever connects:
 * - the service runs as `gongji_service`, which owns nothing (so it can neither alter a table nor
 *   disable a trigger) and may only INSERT into and read the journal; on every other table it has
 *   what the service does (read, insert, update, delete), now and, by default privileges, for the
 *   tables later migrations create (run as the owner, gongji_owner);
 * - TRUNCATE of the journal is refused by a statement trigger (the row triggers never see it);
 * - an entry is checked for balance at commit for every line added in the transaction, so a line
 *   added later to an existing entry is checked as well as a new entry.
 * Without the role (a database not set up by scripts/infra/postgres-up.sh) the grants are skipped
 * with a notice; the triggers are made either way.
 */
export class LedgerGuards1765500000000 implements MigrationInterface {
  name = 'LedgerGuards1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
        FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
      CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
        FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

      -- journal_entry_balanced() reads NEW.entry_id, which both tables have.
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
    `);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gongji_service') THEN
          RAISE NOTICE 'role gongji_service does not exist: no grants (see scripts/infra/postgres-up.sh)';
          RETURN;
        END IF;
        GRANT USAGE ON SCHEMA public TO gongji_service;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gongji_service;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO gongji_service;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO gongji_service;
        -- Tables a later migration makes get the same: default privileges belong to the creating
        -- role, so for whoever runs this one and for gongji_owner (who runs them normally).
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gongji_service;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO gongji_service;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gongji_owner')
           AND pg_has_role(current_user, 'gongji_owner', 'USAGE') THEN
          ALTER DEFAULT PRIVILEGES FOR ROLE gongji_owner IN SCHEMA public
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gongji_service;
          ALTER DEFAULT PRIVILEGES FOR ROLE gongji_owner IN SCHEMA public
            GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO gongji_service;
        END IF;
        -- The ledger is append-only for the service; the migrations' record is the owner's.
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON journal_entries, journal_lines FROM gongji_service;
        IF to_regclass('public.migrations') IS NOT NULL THEN
          REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM gongji_service;
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER journal_lines_balanced ON journal_lines;
      DROP TRIGGER journal_lines_no_truncate ON journal_lines;
      DROP TRIGGER journal_entries_no_truncate ON journal_entries;
    `);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gongji_service') THEN
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM gongji_service;
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM gongji_service;
          REVOKE ALL ON ALL TABLES IN SCHEMA public FROM gongji_service;
          REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM gongji_service;
        END IF;
      END $$;
    `);
  }
}
