import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Says at start when the service's own database role could undo the ledger's guards (it owns the
 * journal, so it may disable its triggers, or it is a superuser): the guards then protect nothing
 * against this process (SECURITY.md). A warning, not a refusal: a database set up before the
 * roles existed must still start; the operator moves it to gongji_service (docs/RUNBOOK.md).
 */
@Injectable()
export class LedgerGuardCheck implements OnApplicationBootstrap {
  private readonly log = new Logger('LedgerGuards');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const rows = (await this.db.query(
        `SELECT current_user AS who,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
                coalesce((SELECT pg_get_userbyid(relowner) = current_user FROM pg_class
                           WHERE oid = to_regclass('public.journal_lines')), false) AS owns_journal`,
      )) as { who: string; superuser: boolean; owns_journal: boolean }[];
      const r = rows[0];
      if (r && (r.superuser || r.owns_journal)) {
        this.log.warn(
          `the service connects as ${r.who}, ${r.superuser ? 'a superuser' : 'the owner of the journal'}: ` +
            'it could disable the ledger guards; run it as gongji_service (DATABASE_URL) and migrate as the owner (DATABASE_MIGRATION_URL)',
        );
      }
    } catch (err) {
      this.log.warn(`could not check the database role's rights: ${(err as Error).message}`);
    }
  }
}
