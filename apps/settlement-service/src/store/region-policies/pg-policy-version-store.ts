import { Injectable } from '@nestjs/common';
import { makePolicyVersion, type PolicyVersion } from '@gongji/domain';
import { PolicyVersionChange, PolicyVersionStore } from '../../application/ports/policy-version-store';
import { policyFieldsFromJson, policyFieldsToJson } from '../../application/region-policies/policy-fields-json';
import { Database } from '../database';
import { SqlRunner } from '../sql-runner';

/** The channel every instance listens on; a change's NOTIFY commits with it. */
const CHANNEL = 'region_policies';
/** Arbitrary constant: changes of the versions take this transaction-level lock, one at a time. */
const CHANGE_LOCK_KEY = 0x6f6a7270;

interface VersionRow {
  region_code: string;
  effective_from: string;
  policy_version: string;
  source: string;
  fields: unknown;
}

@Injectable()
export class PgPolicyVersionStore extends PolicyVersionStore {
  constructor(private readonly db: Database) {
    super();
  }

  async all(): Promise<PolicyVersion[]> {
    return versionsFrom(await this.db.query<VersionRow>(SELECT_ALL));
  }

  change<T>(decide: (current: readonly PolicyVersion[]) => PolicyVersionChange<T>): Promise<T> {
    return this.db.transaction(async (sql) => {
      await sql.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK_KEY]);
      const { write, result } = decide(versionsFrom(await sql.query<VersionRow>(SELECT_ALL)));
      if (write) await save(sql, write);
      return result;
    });
  }

  watch(onChange: () => void): Promise<() => Promise<void>> {
    return this.db.listen(CHANNEL, onChange);
  }
}

const SELECT_ALL = `SELECT region_code, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, policy_version, source, fields
                      FROM region_policy_versions ORDER BY region_code, effective_from`;

async function save(sql: SqlRunner, v: PolicyVersion): Promise<void> {
  await sql.query(
    `INSERT INTO region_policy_versions (region_code, effective_from, policy_version, source, fields)
     VALUES ($1, $2::date, $3, $4, $5::jsonb)
     ON CONFLICT (region_code, effective_from)
       DO UPDATE SET source = EXCLUDED.source, fields = EXCLUDED.fields, updated_at = now()`,
    [v.regionCode, v.effectiveFrom, v.policyVersion, v.source, JSON.stringify(policyFieldsToJson(v.fields))],
  );
  await sql.query(`SELECT pg_notify($1, $2)`, [CHANNEL, v.policyVersion]);
}

/** Rows as versions; a stored row that is no longer a valid version is a fault, not something to skip. */
function versionsFrom(rows: readonly VersionRow[]): PolicyVersion[] {
  return rows.map((r) => {
    const parsed = policyFieldsFromJson(r.fields);
    if (!parsed.ok) {
      throw new Error(
        `stored policy version ${r.policy_version} is not valid: ${parsed.problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      );
    }
    const version = makePolicyVersion({
      regionCode: r.region_code,
      effectiveFrom: r.effective_from,
      source: r.source,
      fields: parsed.fields,
    });
    if (version.policyVersion !== r.policy_version) {
      throw new Error(`stored policy version ${r.policy_version} does not match its region and date`);
    }
    return version;
  });
}
