import { Injectable } from '@nestjs/common';
import { Database } from '../database';
import { monthKey, type BindingStatus, type Relationship } from '@gongji/domain';
import { dbFen, fenToJson } from '../../shared/fen';

/** A binding as the API shows it (http/bindings/binding-view.dto.ts documents it). */
export interface BindingView {
  bindingId: string;
  holderId: string;
  beneficiaryId: string;
  relationship: Relationship;
  monthlyLimitFen: number | null;
  status: BindingStatus;
  statusReason: string | null;
  paymentOrder: number;
  usedThisMonthFen: number;
}

export interface PersonBindingsView {
  personId: string;
  month: string;
  asHolder: BindingView[];
  asBeneficiary: BindingView[];
}

interface BindingViewRow {
  binding_id: string;
  holder_id: string;
  beneficiary_id: string;
  relationship: Relationship;
  monthly_limit_fen: string | null;
  status: BindingStatus;
  status_reason: string | null;
  payment_order: number;
  used_fen: string;
}

const SELECT_VIEW = `
  SELECT b.binding_id, b.holder_id, b.beneficiary_id, b.relationship, b.monthly_limit_fen, b.status,
         b.status_reason, b.payment_order, coalesce(u.used_fen, 0) AS used_fen
    FROM bindings b
    LEFT JOIN monthly_usage u ON u.binding_id = b.binding_id AND u.month_key = $2`;

function toView(r: BindingViewRow): BindingView {
  return {
    bindingId: r.binding_id,
    holderId: r.holder_id,
    beneficiaryId: r.beneficiary_id,
    relationship: r.relationship,
    monthlyLimitFen: r.monthly_limit_fen === null ? null : fenToJson(BigInt(r.monthly_limit_fen)),
    status: r.status,
    statusReason: r.status_reason,
    paymentOrder: r.payment_order,
    usedThisMonthFen: fenToJson(dbFen(r.used_fen)),
  };
}

/** Bindings as the API shows them, with usage in the current UTC+8 month. */
@Injectable()
export class BindingViews {
  constructor(private readonly db: Database) {}

  currentMonth(now = new Date()): string {
    return monthKey(now);
  }

  /** Both sides of a person's bindings; null when no such person. */
  async ofPerson(personId: string): Promise<PersonBindingsView | null> {
    const known = (await this.db.query(`SELECT 1 FROM persons WHERE person_id = $1`, [personId])) as unknown[];
    if (known.length === 0) return null;
    const month = this.currentMonth();
    const [asHolder, asBeneficiary] = await Promise.all([
      this.asHolder(personId, month),
      this.asBeneficiary(personId, month),
    ]);
    return { personId, month, asHolder, asBeneficiary };
  }

  async asHolder(personId: string, month: string): Promise<BindingView[]> {
    const rows = (await this.db.query(
      `${SELECT_VIEW} WHERE b.holder_id = $1 AND b.status <> 'REVOKED' ORDER BY b.created_at, b.binding_id`,
      [personId, month],
    )) as BindingViewRow[];
    return rows.map(toView);
  }

  async asBeneficiary(personId: string, month: string): Promise<BindingView[]> {
    const rows = (await this.db.query(
      `${SELECT_VIEW} WHERE b.beneficiary_id = $1 AND b.status <> 'REVOKED' ORDER BY b.payment_order, b.created_at, b.binding_id`,
      [personId, month],
    )) as BindingViewRow[];
    return rows.map(toView);
  }

  async one(bindingId: string): Promise<BindingView | null> {
    const rows = (await this.db.query(`${SELECT_VIEW} WHERE b.binding_id = $1`, [
      bindingId,
      this.currentMonth(),
    ])) as BindingViewRow[];
    return rows.length ? toView(rows[0]) : null;
  }
}
