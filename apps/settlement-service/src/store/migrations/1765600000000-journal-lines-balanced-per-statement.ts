import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lines added to the journal are checked once per INSERT statement instead of once per line at
 * commit. The per-line deferred trigger (1765500000000) summed an entry's lines again for each of
 * its lines — four or five times per settlement, on top of the per-entry check — and the bench
 * measured it. Every writer (journal-writer.ts) inserts all lines of an entry in one statement, so
 * the entries a statement touched must balance when it ends: a line added to an existing entry is
 * refused at once unless the same statement balances it. The per-entry deferred trigger stays
 * (it also catches an entry given no lines at all).
 */
export class JournalLinesBalancedPerStatement1765600000000 implements MigrationInterface {
  name = 'JournalLinesBalancedPerStatement1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION journal_lines_balanced_after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE bad record;
      BEGIN
        -- One index lookup per entry the statement touched (the transition table has no
        -- statistics: a join could be planned as a scan of the whole journal).
        SELECT n.entry_id, s.d, s.c, s.k INTO bad
          FROM (SELECT DISTINCT entry_id FROM new_lines) n
          CROSS JOIN LATERAL (
            SELECT coalesce(sum(l.amount_fen) FILTER (WHERE l.side = 'D'), 0) AS d,
                   coalesce(sum(l.amount_fen) FILTER (WHERE l.side = 'C'), 0) AS c,
                   count(*) AS k
              FROM journal_lines l WHERE l.entry_id = n.entry_id) s
         WHERE s.d <> s.c OR s.k < 2
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % unbalanced: debits % credits % lines %', bad.entry_id, bad.d, bad.c, bad.k;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER journal_lines_balanced_per_statement AFTER INSERT ON journal_lines
        REFERENCING NEW TABLE AS new_lines
        FOR EACH STATEMENT EXECUTE FUNCTION journal_lines_balanced_after_statement();
      DROP TRIGGER journal_lines_balanced ON journal_lines;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
      DROP TRIGGER journal_lines_balanced_per_statement ON journal_lines;
      DROP FUNCTION journal_lines_balanced_after_statement();
    `);
  }
}
