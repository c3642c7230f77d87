import { Injectable } from '@nestjs/common';
import {
  buildStatement,
  chinaMonthBounds,
  type AccountMovement,
  type JournalEntryKind,
  type JournalSide,
  type Statement,
} from '@gongji/domain';
import { ledgerAccount } from '@gongji/domain';
import { Database } from '../database';

interface MovementRow {
  at: Date;
  kind: JournalEntryKind;
  ref_id: string;
  side: JournalSide;
  amount_fen: string;
  patient_id: string | null;
  merchant_id: string | null;
  charge_id: string | null;
  relationship: string | null;
  credit_reason: string | null;
  contribution_id: string | null;
  contribution_beneficiary: string | null;
  contribution_relationship: string | null;
  scheme: string | null;
  period: string | null;
  payee_id: string | null;
}

/**
 * A month of a personal account, read from the journal (the only thing that moves its balance):
 * the opening balance is the sum of its lines before the month, the lines those of the month in
 * journal order, each with what it refers to. One read-only snapshot, so they agree.
 */
@Injectable()
export class AccountStatements {
  constructor(private readonly db: Database) {}

  /** null when the person has no personal account. */
  async ofMonth(personId: string, month: string): Promise<Statement | null> {
    const { from, to } = chinaMonthBounds(month);
    return this.db.transaction(
      async (sql) => {
        const [account] = await sql.query<{ account_id: string }>(
          `SELECT account_id FROM accounts WHERE person_id = $1`,
          [personId],
        );
        if (!account) return null;
        const ledger = ledgerAccount.personal(account.account_id);
        const [opening] = await sql.query<{ fen: string }>(
          `SELECT coalesce(sum(CASE l.side WHEN 'C' THEN l.amount_fen ELSE -l.amount_fen END), 0) AS fen
             FROM journal_lines l JOIN journal_entries e USING (entry_id)
            WHERE l.ledger_account = $1 AND e.created_at < $2`,
          [ledger, from],
        );
        const rows = await sql.query<MovementRow>(MOVEMENTS, [ledger, from, to, account.account_id]);
        return buildStatement({
          personId,
          month,
          openingBalanceFen: BigInt(opening.fen),
          movements: rows.map(movementOf),
        });
      },
      { isolation: 'REPEATABLE READ' },
    );
  }
}

// Entry ids are taken while the account's row is locked, so for one account they follow commit order.
const MOVEMENTS = `
  SELECT e.created_at AS at, e.kind, e.ref_id, l.side, l.amount_fen::text AS amount_fen,
         c.patient_id, c.merchant_id, c.charge_id, leg.relationship,
         cr.reason AS credit_reason,
         coalesce(kp.contribution_id, kr.contribution_id) AS contribution_id,
         coalesce(kp.beneficiary_id, kr.beneficiary_id) AS contribution_beneficiary,
         kp.relationship AS contribution_relationship, kp.scheme, kp.period, kp.payee_id
    FROM journal_lines l
    JOIN journal_entries e USING (entry_id)
    LEFT JOIN reversals rv ON e.kind = 'REVERSAL' AND rv.reversal_id = e.ref_id
    LEFT JOIN charges c
      ON c.charge_id = CASE e.kind WHEN 'SETTLEMENT' THEN e.ref_id WHEN 'REVERSAL' THEN rv.charge_id END
    LEFT JOIN LATERAL (
      SELECT s.relationship FROM settlement_legs s
       WHERE s.charge_id = c.charge_id AND s.account_id = $4 LIMIT 1) leg ON true
    LEFT JOIN credits cr ON e.kind = 'CREDIT' AND cr.credit_id = e.ref_id
    LEFT JOIN contributions kp ON e.kind = 'CONTRIBUTION' AND kp.contribution_id = e.ref_id
    LEFT JOIN contributions kr ON e.kind = 'CONTRIBUTION_REFUND' AND kr.refund_id = e.ref_id
   WHERE l.ledger_account = $1 AND e.created_at >= $2 AND e.created_at < $3
   ORDER BY e.entry_id, l.line_no`;

function movementOf(r: MovementRow): AccountMovement {
  return {
    at: r.at,
    entryKind: r.kind,
    side: r.side,
    amountFen: BigInt(r.amount_fen),
    patientId: r.patient_id,
    ref: refOf(r),
  };
}

function refOf(r: MovementRow): Record<string, string | null> {
  switch (r.kind) {
    case 'CREDIT':
      return { creditId: r.ref_id, reason: r.credit_reason };
    case 'SETTLEMENT':
      return {
        beneficiaryId: r.patient_id,
        relationship: r.relationship,
        chargeId: r.ref_id,
        merchantId: r.merchant_id,
      };
    case 'REVERSAL':
      return {
        reversalId: r.ref_id,
        chargeId: r.charge_id,
        merchantId: r.merchant_id,
        beneficiaryId: r.patient_id,
        relationship: r.relationship,
      };
    case 'CONTRIBUTION':
      return {
        contributionId: r.ref_id,
        beneficiaryId: r.contribution_beneficiary,
        relationship: r.contribution_relationship,
        scheme: r.scheme,
        period: r.period,
        payeeId: r.payee_id,
      };
    case 'CONTRIBUTION_REFUND':
      return { refundId: r.ref_id, contributionId: r.contribution_id, beneficiaryId: r.contribution_beneficiary };
  }
}
