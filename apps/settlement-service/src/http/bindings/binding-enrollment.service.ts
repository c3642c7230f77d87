import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUILT_IN_POLICY_BOOK, checkBindingEligibility } from '@gongji/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AccountEntity } from '../../store/entities/account.entity';
import { BindingEntity } from '../../store/entities/binding.entity';
import { PersonEntity } from '../../store/entities/person.entity';
import { ApiError } from '../errors/api-error';
import { nullableJsonToFen } from '../shared/fen';
import { constraintOf, inTransaction, queryRows, sqlState } from '../shared/transaction';
import { CreateBindingDto } from './binding-request.dto';
import { BindingCreatedDto } from './binding-view.dto';

const live = Not('REVOKED' as const);

/**
 * Binds a beneficiary to a holder after the domain's eligibility check under the HOLDER's region
 * policy. Everything the check reads is read in one transaction, with the holder's account and
 * both persons locked: concurrent bindings of one holder (count, one-father rules, balance) or of
 * one beneficiary (payment order, role exclusivity) run one after another.
 */
@Injectable()
export class BindingEnrollment {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async bind(dto: CreateBindingDto): Promise<BindingCreatedDto> {
    try {
      return await inTransaction(this.db, (tx) => this.bindIn(tx, dto));
    } catch (err) {
      // Only reachable if a row lock was bypassed: the unique index is the last line of defence.
      if (sqlState(err) === '23505' && constraintOf(err) === 'bindings_one_live_pair') {
        throw ApiError.refused('ALREADY_BOUND', 'this holder and beneficiary are already bound');
      }
      throw err;
    }
  }

  private async bindIn(tx: EntityManager, dto: CreateBindingDto): Promise<BindingCreatedDto> {
    const now = new Date();
    const monthlyLimitFen = nullableJsonToFen(dto.monthlyLimitFen);
    const holderAccount = await tx.findOne(AccountEntity, {
      where: { personId: dto.holderId },
      lock: { mode: 'pessimistic_write' },
    });
    const persons = await tx.find(PersonEntity, {
      where: { personId: In([dto.holderId, dto.beneficiaryId]) },
      order: { personId: 'ASC' },
      lock: { mode: 'for_no_key_update' },
    });
    const holder = persons.find((p) => p.personId === dto.holderId);
    const beneficiary = persons.find((p) => p.personId === dto.beneficiaryId);
    if (!holder) throw ApiError.notFound('no person with this holderId');
    if (!beneficiary) throw ApiError.notFound('no person with this beneficiaryId');

    const holderBindings = await tx.find(BindingEntity, { where: { holderId: holder.personId, status: live } });
    const holderBindingsAsBeneficiary = await tx.find(BindingEntity, {
      where: { beneficiaryId: holder.personId, status: live },
    });
    const beneficiaryBindingsAsHolder = await tx.find(BindingEntity, {
      where: { holderId: beneficiary.personId, status: live },
    });
    const eligibility = checkBindingEligibility({
      holder,
      holderAccount,
      beneficiary,
      relationship: dto.relationship,
      monthlyLimitFen,
      holderBindings,
      holderBindingsAsBeneficiary,
      beneficiaryBindingsAsHolder,
      now,
      policies: BUILT_IN_POLICY_BOOK,
    });
    if (!eligibility.ok) throw ApiError.refused(eligibility.code, eligibility.message);

    const [{ next }] = await queryRows<{ next: number }>(
      tx,
      `SELECT coalesce(max(payment_order), 0) + 1 AS next FROM bindings WHERE beneficiary_id = $1 AND status <> 'REVOKED'`,
      [beneficiary.personId],
    );
    const bindingId = `bnd-${randomUUID()}`;
    await tx.insert(BindingEntity, {
      bindingId,
      holderId: holder.personId,
      beneficiaryId: beneficiary.personId,
      relationship: dto.relationship,
      monthlyLimitFen,
      status: 'ACTIVE',
      statusReason: null,
      paymentOrder: next,
      policyVersion: eligibility.policyVersion,
    });
    return { bindingId, status: 'ACTIVE' };
  }
}
