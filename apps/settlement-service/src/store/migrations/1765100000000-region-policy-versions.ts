import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Region policies as versioned data (contract 1.1 §4): one row per region and effective date,
 * its fields as the contract names them (fen as JSON integers, a monthly limit range as
 * {min, max}). The seeds' rules ship as the first versions, each naming its source, as they
 * stood when this migration was written (later changes are versions of their own, PUT by the
 * bureau). Every instance keeps the book in memory and reloads it on NOTIFY region_policies.
 * Also: an account's reserve may be a share of its balance; the settlement read returns it.
 */
const SEED_VERSIONS = [
  {
    regionCode: '00',
    effectiveFrom: '2024-01-01',
    policyVersion: '00@2024-01-01',
    source: 'seeds 002 and 003 (national rules, 2024)',
    fields: {
      allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
      scope: 'NATIONAL',
      minHolderBalanceFen: 1,
      fraudLookbackMonths: 0,
      maxBeneficiaries: null,
      singleBeneficiaryRelationships: [],
      exclusiveRoles: false,
      monthlyLimitRangeFen: null,
      approvalAboveLimit: false,
      relativesMonthlyLimitAllowed: false,
      relativesPayInpatient: true,
      payableCategories: ['DRUG', 'MEDICAL_DEVICE', 'MEDICAL_CONSUMABLE', 'OUTPATIENT_SERVICE', 'INPATIENT_SERVICE'],
      catalogueOnly: false,
      contributionSchemes: ['RESIDENT_MEDICAL'],
      contributionScope: 'NATIONAL',
      suggestedReserveRatioPercent: null,
    },
  },
  {
    regionCode: '61',
    effectiveFrom: '2024-01-01',
    policyVersion: '61@2024-01-01',
    source: 'seed 001 (Shaanxi)',
    fields: {
      scope: 'PROVINCE',
      minHolderBalanceFen: 100000,
      fraudLookbackMonths: 24,
      monthlyLimitRangeFen: {
        min: 20000,
        max: 200000,
      },
      approvalAboveLimit: true,
      relativesPayInpatient: false,
      contributionSchemes: ['RESIDENT_MEDICAL'],
      contributionScope: 'POOLING_AREA',
      suggestedReserveRatioPercent: 20,
    },
  },
  {
    regionCode: '14',
    effectiveFrom: '2024-01-01',
    policyVersion: '14@2024-01-01',
    source: 'seed 000 (Shanxi)',
    fields: {
      allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD'],
      scope: 'PROVINCE',
      catalogueOnly: true,
      contributionSchemes: ['RESIDENT_MEDICAL', 'LONG_TERM_CARE', 'SUPPLEMENTARY_MEDICAL'],
      contributionScope: 'PROVINCE',
    },
  },
  {
    regionCode: '1401',
    effectiveFrom: '2026-02-06',
    policyVersion: '1401@2026-02-06',
    source: 'seed 004 (Taiyuan, 2026-02-06)',
    fields: {
      allowedRelationships: ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
    },
  },
  {
    regionCode: '3709',
    effectiveFrom: '2024-01-01',
    policyVersion: '3709@2024-01-01',
    source: 'DOMAIN.md "reported elsewhere" (Tai\'an)',
    fields: {
      maxBeneficiaries: 8,
      singleBeneficiaryRelationships: ['FATHER', 'MOTHER', 'SPOUSE'],
      exclusiveRoles: true,
      relativesMonthlyLimitAllowed: true,
    },
  },
];

export class RegionPolicyVersions1765100000000 implements MigrationInterface {
  name = 'RegionPolicyVersions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region_policy_versions (
        region_code     text NOT NULL CHECK (region_code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
        effective_from  date NOT NULL,
        policy_version  text NOT NULL UNIQUE,
        source          text NOT NULL,
        fields          jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, effective_from)
      );
      ALTER TABLE accounts ADD COLUMN reserve_ratio_percent smallint
        CHECK (reserve_ratio_percent BETWEEN 0 AND 100);
    `);
    await q.query(
      `INSERT INTO region_policy_versions (region_code, effective_from, policy_version, source, fields)
       SELECT v->>'regionCode', (v->>'effectiveFrom')::date, v->>'policyVersion', v->>'source', v->'fields'
         FROM jsonb_array_elements($1::jsonb) v`,
      [JSON.stringify(SEED_VERSIONS)],
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION settlement_read_people(
        p_merchants text[], p_persons text[], p_accounts text[], p_holders text[], p_months text[], p_lock boolean
      ) RETURNS json LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_custom_plan AS $$
      DECLARE m json; p json; a json; u json;
      BEGIN
        SELECT coalesce(json_agg(x), '[]') INTO m FROM (
          SELECT merchant_id, kind, region_code, designated FROM merchants WHERE merchant_id = ANY(p_merchants)) x;
        SELECT coalesce(json_agg(x), '[]') INTO p FROM (
          SELECT person_id, region_code, insurance_type, enrollment_status, fraud_record_at
            FROM persons WHERE person_id = ANY(p_persons)) x;
        IF p_lock THEN
          -- Always in account_id order: batches, expiry sweeps and HTTP decisions never deadlock.
          SELECT coalesce(json_agg(x), '[]') INTO a FROM (
            SELECT account_id, person_id, balance_fen::text AS balance_fen, held_fen::text AS held_fen,
                   reserve_fen::text AS reserve_fen, reserve_ratio_percent,
                   relatives_monthly_limit_fen::text AS relatives_monthly_limit_fen
              FROM accounts WHERE person_id = ANY(p_persons) OR account_id = ANY(p_accounts)
             ORDER BY account_id FOR UPDATE) x;
        ELSE
          SELECT coalesce(json_agg(x), '[]') INTO a FROM (
            SELECT account_id, person_id, balance_fen::text AS balance_fen, held_fen::text AS held_fen,
                   reserve_fen::text AS reserve_fen, reserve_ratio_percent,
                   relatives_monthly_limit_fen::text AS relatives_monthly_limit_fen
              FROM accounts WHERE person_id = ANY(p_persons) OR account_id = ANY(p_accounts)) x;
        END IF;
        -- A statement of its own, after the accounts are locked: only the lock holders change usage.
        SELECT coalesce(json_agg(x), '[]') INTO u FROM (
          SELECT binding_id, holder_id, month_key, used_fen::text AS used_fen
            FROM monthly_usage WHERE holder_id = ANY(p_holders) AND month_key = ANY(p_months)) x;
        RETURN json_build_object('merchants', m, 'persons', p, 'accounts', a, 'usage', u);
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE region_policy_versions; ALTER TABLE accounts DROP COLUMN reserve_ratio_percent;`);
  }
}
