import { Injectable } from '@nestjs/common';
import { checkBindingEligibility, type Relationship } from '@gongji/domain';
import { randomUUID } from 'node:crypto';
import { ApplicationError } from '../../shared/errors/application-error';
import { errorCode } from '../../shared/fault-class';
import { RegistryStore, RegistryTransaction } from '../ports/registry-store';
import { PolicyBooks } from '../region-policies/policy-books.service';

export interface BindingRequest {
  holderId: string;
  beneficiaryId: string;
  relationship: Relationship;
  monthlyLimitFen: bigint | null;
}

/**
 * Binds a beneficiary to a holder (POST /v1/bindings) after the domain's eligibility check under
 * the HOLDER's region policy in force now, and records that policy's version with the binding:
 * it is judged by those rules from then on. Everything the check reads is read in one
 * transaction with the holder's account and both persons locked, so concurrent bindings of one
 * holder (count, one-father rules, balance) or one beneficiary (payment order, roles) run one
 * after another.
 */
@Injectable()
export class BindingEnrollment {
  constructor(
    private readonly store: RegistryStore,
    private readonly policies: PolicyBooks,
  ) {}

  async bind(request: BindingRequest): Promise<{ bindingId: string; status: 'ACTIVE' }> {
    const book = await this.policies.book();
    try {
      return await this.store.inTransaction((tx) => bindIn(tx, request, book));
    } catch (err) {
      // Only reachable if a row lock was bypassed: the unique index is the last line of defence.
      if (errorCode(err) === '23505' && (err as { constraint?: string }).constraint === 'bindings_one_live_pair') {
        throw ApplicationError.refused('ALREADY_BOUND', 'this holder and beneficiary are already bound');
      }
      throw err;
    }
  }
}

async function bindIn(
  tx: RegistryTransaction,
  request: BindingRequest,
  policies: Awaited<ReturnType<PolicyBooks['book']>>,
): Promise<{ bindingId: string; status: 'ACTIVE' }> {
  const holderAccount = await tx.account(request.holderId, { lock: true });
  const persons = await tx.persons([request.holderId, request.beneficiaryId], { lock: true });
  const holder = persons.find((p) => p.personId === request.holderId);
  const beneficiary = persons.find((p) => p.personId === request.beneficiaryId);
  if (!holder) throw ApplicationError.notFound('no person with this holderId');
  if (!beneficiary) throw ApplicationError.notFound('no person with this beneficiaryId');

  const eligibility = checkBindingEligibility({
    holder,
    holderAccount,
    beneficiary,
    relationship: request.relationship,
    monthlyLimitFen: request.monthlyLimitFen,
    holderBindings: await tx.liveBindingsAsHolder(holder.personId),
    holderBindingsAsBeneficiary: await tx.liveBindingsAsBeneficiary(holder.personId),
    beneficiaryBindingsAsHolder: await tx.liveBindingsAsHolder(beneficiary.personId),
    now: new Date(),
    policies,
  });
  if (!eligibility.ok) throw ApplicationError.refused(eligibility.code, eligibility.message);

  const bindingId = `bnd-${randomUUID()}`;
  await tx.insertBinding({
    bindingId,
    holderId: holder.personId,
    beneficiaryId: beneficiary.personId,
    relationship: request.relationship,
    monthlyLimitFen: request.monthlyLimitFen,
    status: 'ACTIVE',
    statusReason: null,
    paymentOrder: await tx.nextPaymentOrder(beneficiary.personId),
    policyVersion: eligibility.policyVersion,
  });
  return { bindingId, status: 'ACTIVE' };
}
