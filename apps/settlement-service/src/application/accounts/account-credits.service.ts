import { Injectable } from '@nestjs/common';
import { creditEntry } from '@gongji/domain';
import { contentHash } from '../../inbound/canonical-hash';
import { ApplicationError } from '../../shared/errors/application-error';
import { CreditRecord, RegistryStore, RegistryTransaction } from '../ports/registry-store';

export interface CreditRequest {
  creditId: string;
  amountFen: bigint;
  reason: string;
}

/**
 * Money paid into a personal account (POST /v1/accounts/{personId}/credits), idempotent by
 * creditId. The balance rises only with a balanced journal entry (D EXT:CONTRIBUTIONS,
 * C PA:<accountId>), under the account's row lock.
 */
@Injectable()
export class AccountCredits {
  constructor(private readonly store: RegistryStore) {}

  /** `applied` is false for a retry of a credit already applied (same content). */
  credit(personId: string, request: CreditRequest): Promise<{ applied: boolean; credit: CreditRecord }> {
    // The hash keeps the JSON number the contract speaks (amounts below 2^53), as before bigint.
    const hash = contentHash({ personId, amountFen: Number(request.amountFen), reason: request.reason });
    return this.store.inTransaction((tx) => creditIn(tx, personId, request, hash));
  }
}

async function creditIn(
  tx: RegistryTransaction,
  personId: string,
  request: CreditRequest,
  hash: string,
): Promise<{ applied: boolean; credit: CreditRecord }> {
  const account = await tx.account(personId, { lock: true });
  if (!account)
    throw ApplicationError.notFound('no personal account for this person (unknown, or resident-insured only)');
  const earlier = await tx.credit(request.creditId);
  if (earlier) return answerRetry(earlier, hash);
  const credit: CreditRecord = {
    creditId: request.creditId,
    accountId: account.accountId,
    amountFen: request.amountFen,
    reason: request.reason,
    contentHash: hash,
    // The row lock keeps the balance still until commit.
    balanceAfterFen: account.balanceFen + request.amountFen,
  };
  // A concurrent same new creditId on another account waits for that one and loses cleanly.
  if (!(await tx.insertCredit(credit))) return answerRetry((await tx.credit(request.creditId))!, hash);
  await tx.addToBalance(account.accountId, request.amountFen);
  const entry = creditEntry({ creditId: credit.creditId, accountId: account.accountId, amountFen: credit.amountFen });
  if (entry) await tx.appendJournal([entry]);
  return { applied: true, credit };
}

/** A creditId seen before: the same content is a retry (answered again), other content a conflict. */
function answerRetry(earlier: CreditRecord, hash: string): { applied: boolean; credit: CreditRecord } {
  if (earlier.contentHash !== hash) {
    throw ApplicationError.conflict('DUPLICATE_CONFLICT', 'creditId was already used for a different credit');
  }
  return { applied: false, credit: earlier };
}
