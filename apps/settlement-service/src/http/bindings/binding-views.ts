import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { monthKey, type BindingStatus, type Relationship } from '@gongji/domain';
import { DataSource, EntityManager } from 'typeorm';
import { dbFen, fenToJson } from '../shared/fen';
import { BindingViewDto, PersonBindingsDto } from './binding-view.dto';

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

function toView(r: BindingViewRow): BindingViewDto {
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  currentMonth(now = new Date()): string {
    return monthKey(now);
  }

  /** Both sides of a person's bindings; null when no such person. */
  async ofPerson(personId: string): Promise<PersonBindingsDto | null> {
    const known = (await this.db.query(`SELECT 1 FROM persons WHERE person_id = $1`, [personId])) as unknown[];
    if (known.length === 0) return null;
    const month = this.currentMonth();
    const [asHolder, asBeneficiary] = await Promise.all([
      this.asHolder(personId, month),
      this.asBeneficiary(personId, month),
    ]);
    return { personId, month, asHolder, asBeneficiary };
  }

  async asHolder(personId: string, month: string): Promise<BindingViewDto[]> {
    const rows = (await this.db.query(
      `${SELECT_VIEW} WHERE b.holder_id = $1 AND b.status <> 'REVOKED' ORDER BY b.created_at, b.binding_id`,
      [personId, month],
    )) as BindingViewRow[];
    return rows.map(toView);
  }

  async asBeneficiary(personId: string, month: string): Promise<BindingViewDto[]> {
    const rows = (await this.db.query(
      `${SELECT_VIEW} WHERE b.beneficiary_id = $1 AND b.status <> 'REVOKED' ORDER BY b.payment_order, b.created_at, b.binding_id`,
      [personId, month],
    )) as BindingViewRow[];
    return rows.map(toView);
  }

  /** One binding, read inside the caller's transaction when given (to answer with what was just written). */
  async one(bindingId: string, tx?: EntityManager): Promise<BindingViewDto | null> {
    const rows = (await (tx ?? this.db).query(`${SELECT_VIEW} WHERE b.binding_id = $1`, [
      bindingId,
      this.currentMonth(),
    ])) as BindingViewRow[];
    return rows.length ? toView(rows[0]) : null;
  }
}
