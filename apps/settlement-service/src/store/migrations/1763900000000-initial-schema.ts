import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole settlement schema. Money is bigint fen. Balances change only together with a
 * balanced, append-only journal entry (checked by a deferred constraint trigger).
 */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE merchants (
        merchant_id   text PRIMARY KEY,
        name          text NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('PHARMACY','CLINIC','HOSPITAL')),
        region_code   char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        designated    boolean NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE persons (
        person_id          text PRIMARY KEY,
        name               text NOT NULL,
        region_code        char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        insurance_type     text NOT NULL CHECK (insurance_type IN ('EMPLOYEE','RESIDENT')),
        enrollment_status  text NOT NULL CHECK (enrollment_status IN ('ACTIVE','SUSPENDED','TERMINATED')),
        fraud_record_at    date,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE accounts (
        account_id                   text PRIMARY KEY,
        person_id                    text NOT NULL UNIQUE REFERENCES persons(person_id),
        balance_fen                  bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        held_fen                     bigint NOT NULL DEFAULT 0 CHECK (held_fen >= 0 AND held_fen <= balance_fen),
        reserve_fen                  bigint NOT NULL DEFAULT 0 CHECK (reserve_fen >= 0),
        relatives_monthly_limit_fen  bigint CHECK (relatives_monthly_limit_fen > 0),
        created_at                   timestamptz NOT NULL DEFAULT now(),
        updated_at                   timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE bindings (
        binding_id         text PRIMARY KEY,
        holder_id          text NOT NULL REFERENCES persons(person_id),
        beneficiary_id     text NOT NULL REFERENCES persons(person_id),
        relationship       text NOT NULL CHECK (relationship IN ('SPOUSE','FATHER','MOTHER','CHILD','SIBLING','GRANDPARENT','GRANDCHILD')),
        monthly_limit_fen  bigint CHECK (monthly_limit_fen > 0),
        status             text NOT NULL CHECK (status IN ('ACTIVE','SUSPENDED','REVOKED')),
        status_reason      text,
        payment_order      integer NOT NULL,
        policy_version     text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (holder_id <> beneficiary_id)
      );
      CREATE UNIQUE INDEX bindings_one_live_pair ON bindings (holder_id, beneficiary_id) WHERE status <> 'REVOKED';
      CREATE INDEX bindings_by_beneficiary ON bindings (beneficiary_id, payment_order) WHERE status <> 'REVOKED';
      CREATE INDEX bindings_by_holder ON bindings (holder_id) WHERE status <> 'REVOKED';

      -- What each binding has paid in one UTC+8 calendar month ('YYYY-MM').
      CREATE TABLE monthly_usage (
        binding_id  text NOT NULL REFERENCES bindings(binding_id),
        month_key   char(7) NOT NULL,
        holder_id   text NOT NULL,
        used_fen    bigint NOT NULL CHECK (used_fen >= 0),
        PRIMARY KEY (binding_id, month_key)
      );
      CREATE INDEX monthly_usage_by_holder ON monthly_usage (holder_id, month_key);

      -- Every charge ever received, whatever its outcome: the idempotency record.
      CREATE TABLE charges (
        charge_id        text PRIMARY KEY,
        content_hash     text NOT NULL,
        patient_id       text,
        merchant_id      text,
        terminal_id      text,
        status           text NOT NULL CHECK (status IN ('SETTLED','REJECTED','PENDING_AUTHORIZATION','REVERSED')),
        reason_code      text,
        occurred_at      timestamptz,
        decided_at       timestamptz NOT NULL,
        settled_at       timestamptz,
        amounts          jsonb,
        request          jsonb NOT NULL,
        outcome          jsonb NOT NULL,
        policy_version   text,
        authorization_id text,
        -- While PENDING_AUTHORIZATION: the engine's pending decision, resumed on the holder's answer.
        pending_decision jsonb,
        -- Usage entries the settlement counted, freed exactly by a reversal.
        settled_usage    jsonb,
        reversal_id      text,
        reversed_at      timestamptz
      );
      CREATE INDEX charges_by_merchant_day ON charges (merchant_id, settled_at);

      -- Money taken from one account for one charge. HELD while an authorization is pending.
      CREATE TABLE settlement_legs (
        charge_id          text NOT NULL REFERENCES charges(charge_id),
        leg_no             integer NOT NULL,
        account_id         text NOT NULL REFERENCES accounts(account_id),
        holder_id          text NOT NULL,
        binding_id         text REFERENCES bindings(binding_id),
        relationship       text NOT NULL,
        amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
        balance_after_fen  bigint NOT NULL CHECK (balance_after_fen >= 0),
        month_key          char(7) NOT NULL,
        status             text NOT NULL CHECK (status IN ('HELD','SETTLED','RETURNED','RELEASED')),
        PRIMARY KEY (charge_id, leg_no)
      );
      CREATE INDEX settlement_legs_by_account ON settlement_legs (account_id);

      CREATE TABLE authorizations (
        authorization_id  text PRIMARY KEY,
        charge_id         text NOT NULL UNIQUE REFERENCES charges(charge_id),
        holder_id         text NOT NULL,
        binding_id        text NOT NULL REFERENCES bindings(binding_id),
        requested_fen     bigint NOT NULL CHECK (requested_fen > 0),
        status            text NOT NULL CHECK (status IN ('PENDING','APPROVED','DECLINED','EXPIRED','CANCELLED')),
        expires_at        timestamptz NOT NULL,
        decided_at        timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX authorizations_pending_by_expiry ON authorizations (expires_at) WHERE status = 'PENDING';

      CREATE TABLE reversals (
        reversal_id    text PRIMARY KEY,
        -- Nullable: an invalid reversal is recorded (and stays rejected) with what it had.
        charge_id      text,
        content_hash   text NOT NULL,
        merchant_id    text,
        patient_id     text,
        -- NOT_RECEIVED: the reversal came first; the charge, if it ever arrives, is refused.
        status         text NOT NULL CHECK (status IN ('APPLIED','REJECTED','NOT_RECEIVED')),
        reason_code    text,
        request        jsonb NOT NULL,
        outcome        jsonb,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reversals_by_charge ON reversals (charge_id);

      CREATE TABLE credits (
        credit_id     text PRIMARY KEY,
        account_id    text NOT NULL REFERENCES accounts(account_id),
        amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
        reason        text NOT NULL,
        content_hash  text NOT NULL,
        balance_after_fen bigint NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      -- Append-only double-entry journal: one entry per settlement, reversal or credit.
      CREATE TABLE journal_entries (
        entry_id    bigserial PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('SETTLEMENT','REVERSAL','CREDIT')),
        ref_id      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, ref_id)
      );
      CREATE TABLE journal_lines (
        entry_id     bigint NOT NULL REFERENCES journal_entries(entry_id),
        line_no      integer NOT NULL,
        -- 'PA:<accountId>' personal account, 'MC:<merchantId>' merchant clearing, 'EXT:CONTRIBUTIONS'
        ledger_account text NOT NULL,
        side         char(1) NOT NULL CHECK (side IN ('D','C')),
        amount_fen   bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (entry_id, line_no)
      );
      CREATE INDEX journal_lines_by_account ON journal_lines (ledger_account);

      CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'journal is append-only (% on %)', TG_OP, TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
        FOR EACH ROW EXECUTE FUNCTION journal_append_only();
      CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
        FOR EACH ROW EXECUTE FUNCTION journal_append_only();

      -- Every entry must balance (debits = credits, at least two lines) when its transaction commits.
      CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE d bigint; c bigint; n integer;
      BEGIN
        SELECT coalesce(sum(amount_fen) FILTER (WHERE side = 'D'), 0),
               coalesce(sum(amount_fen) FILTER (WHERE side = 'C'), 0), count(*)
          INTO d, c, n FROM journal_lines WHERE entry_id = NEW.entry_id;
        IF d <> c OR n < 2 THEN
          RAISE EXCEPTION 'journal entry % unbalanced: debits % credits % lines %', NEW.entry_id, d, c, n;
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

      -- Transactional outbox: events are written with the state change, published after commit.
      CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        event_id    text NOT NULL UNIQUE,
        topic       text NOT NULL,
        message_key text NOT NULL,
        event_type  text NOT NULL,
        payload     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz
      );
      CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

      -- How far each partition was applied, written with the data it produced (for operators).
      -- Redeliveries are recognised by business ids (charges, reversals, authorizations), never
      -- by offsets: a recreated topic restarts at 0 and must not make the service skip messages.
      CREATE TABLE processed_offsets (
        consumer_group text NOT NULL,
        topic          text NOT NULL,
        partition      integer NOT NULL,
        next_offset    bigint NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE processed_offsets, outbox, journal_lines, journal_entries, credits, reversals,
        authorizations, settlement_legs, charges, monthly_usage, bindings, accounts, persons, merchants;
      DROP FUNCTION journal_entry_balanced(); DROP FUNCTION journal_append_only();
    `);
  }
}
