import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An entry must come with its lines in the statement that inserts it, checked once per INSERT
 * statement instead of once per entry at COMMIT. The deferred per-entry trigger (initial schema)
 * summed each entry's lines again when the transaction committed: about 4 ms of a 500-charge
 * batch's COMMIT, on the settlement lane's critical path. Balance is already checked when the
 * lines' statement ends (1765600000000), so what is left to check here is that no entry is left
 * without lines; every writer (journal-writer.ts) inserts an entry and its lines in one statement
 * (data-modifying CTEs, whose statement triggers fire when the whole statement ends).
 */
export class JournalEntriesWithLinesPerStatement1765700000000 implements MigrationInterface {
  name = 'JournalEntriesWithLinesPerStatement1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION journal_entries_with_lines_after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids bigint[]; with_lines bigint;
      BEGIN
        -- One index scan for all of them (the transition table has no statistics: a join could be
        -- planned as a scan of the whole journal).
        SELECT array_agg(entry_id) INTO ids FROM new_entries;
        SELECT count(DISTINCT l.entry_id) INTO with_lines FROM journal_lines l WHERE l.entry_id = ANY(ids);
        IF with_lines < coalesce(cardinality(ids), 0) THEN
          RAISE EXCEPTION 'journal entries without lines: % of % inserted by the statement',
            cardinality(ids) - with_lines, cardinality(ids);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER journal_entries_with_lines_per_statement AFTER INSERT ON journal_entries
        REFERENCING NEW TABLE AS new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION journal_entries_with_lines_after_statement();
      DROP TRIGGER journal_entries_balanced ON journal_entries;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
      DROP TRIGGER journal_entries_with_lines_per_statement ON journal_entries;
      DROP FUNCTION journal_entries_with_lines_after_statement();
    `);
  }
}
