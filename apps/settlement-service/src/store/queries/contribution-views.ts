import { Injectable } from '@nestjs/common';
import { Database } from '../database';

/** A contribution's state as GET /v1/contributions/{id} shows it. */
export interface ContributionView {
  contributionId: string;
  status: 'PAID' | 'REJECTED' | 'REFUNDED';
  holderId: string | null;
  beneficiaryId: string | null;
  relationship: string | null;
  scheme: string | null;
  period: string | null;
  amountFen: number | null;
  payeeId: string | null;
  requestedAt: string | null;
  decidedAt: string;
  policyVersion: string | null;
  /** The data of its contribution.paid or contribution.rejected event. */
  outcome: Record<string, unknown>;
  refund: Record<string, unknown> | null;
}

/** A payee's day (UTC+8): what was paid to it and refunded from it. */
export interface PayeeReconciliationView {
  payeeId: string;
  date: string;
  paid: { count: number; amountFen: number };
  refunded: { count: number; amountFen: number };
}

type Row = Record<string, unknown>;

@Injectable()
export class ContributionViews {
  constructor(private readonly db: Database) {}

  async one(contributionId: string): Promise<ContributionView | null> {
    const [r] = await this.db.query<Row>(
      `SELECT contribution_id, status, holder_id, beneficiary_id, relationship, scheme, period, amount_fen::text AS amount_fen,
              payee_id, requested_at, decided_at, policy_version, outcome, refund_outcome
         FROM contributions WHERE contribution_id = $1`,
      [contributionId],
    );
    if (!r) return null;
    return {
      contributionId: r.contribution_id as string,
      status: r.status as ContributionView['status'],
      holderId: (r.holder_id as string) ?? null,
      beneficiaryId: (r.beneficiary_id as string) ?? null,
      relationship: (r.relationship as string) ?? null,
      scheme: (r.scheme as string) ?? null,
      period: (r.period as string) ?? null,
      amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
      payeeId: (r.payee_id as string) ?? null,
      requestedAt: r.requested_at === null ? null : (r.requested_at as Date).toISOString(),
      decidedAt: (r.decided_at as Date).toISOString(),
      policyVersion: (r.policy_version as string) ?? null,
      outcome: r.outcome as Record<string, unknown>,
      refund: (r.refund_outcome as Record<string, unknown> | null) ?? null,
    };
  }

  /** Paid that day (refunded later or not) and refunded that day, in fen. */
  async payeeDay(payeeId: string, date: string): Promise<PayeeReconciliationView> {
    const from = new Date(`${date}T00:00:00+08:00`);
    const to = new Date(from.getTime() + 24 * 3600 * 1000);
    const [r] = await this.db.query<Row>(
      `SELECT count(*) FILTER (WHERE status IN ('PAID', 'REFUNDED') AND decided_at >= $2 AND decided_at < $3) AS paid_count,
              coalesce(sum(amount_fen) FILTER (WHERE status IN ('PAID', 'REFUNDED') AND decided_at >= $2 AND decided_at < $3), 0)::text AS paid_fen,
              count(*) FILTER (WHERE refunded_at >= $2 AND refunded_at < $3) AS refunded_count,
              coalesce(sum(amount_fen) FILTER (WHERE refunded_at >= $2 AND refunded_at < $3), 0)::text AS refunded_fen
         FROM contributions
        WHERE payee_id = $1 AND (decided_at >= $2 AND decided_at < $3 OR refunded_at >= $2 AND refunded_at < $3)`,
      [payeeId, from, to],
    );
    return {
      payeeId,
      date,
      paid: { count: Number(r.paid_count), amountFen: Number(r.paid_fen) },
      refunded: { count: Number(r.refunded_count), amountFen: Number(r.refunded_fen) },
    };
  }
}
