import { Injectable } from '@nestjs/common';
import { checkRelativesMonthlyLimit, chinaDate, resolvePolicyAt, type Account } from '@gongji/domain';
import { ApplicationError } from '../../shared/errors/application-error';
import { RegistryStore, RegistryTransaction } from '../ports/registry-store';
import { PolicyBooks } from '../region-policies/policy-books.service';

const NO_ACCOUNT = 'no personal account for this person (unknown, or resident-insured only)';

/** The reserve relatives' draws leave: a fixed amount, or a share of the balance at each draw. */
export type ReserveSetting = { reserveFen: bigint } | { reserveRatioPercent: number };

/** The owner's settings on a personal account: the reserve and the relatives' total monthly limit. */
@Injectable()
export class PersonalAccounts {
  constructor(
    private readonly store: RegistryStore,
    private readonly policies: PolicyBooks,
  ) {}

  /** Setting one kind of reserve replaces the other (contract 1.1 §4: "the reserve is then that share"). */
  setReserve(personId: string, setting: ReserveSetting): Promise<void> {
    return this.store.inTransaction(async (tx) => {
      const account = await lockedAccount(tx, personId);
      await tx.updateAccountSettings(
        account.accountId,
        'reserveFen' in setting
          ? { reserveFen: setting.reserveFen, reserveRatioPercent: null }
          : { reserveFen: 0n, reserveRatioPercent: setting.reserveRatioPercent },
      );
    });
  }

  /** Only where the holder's region policy provides a total limit for relatives; null clears it. */
  async setRelativesLimit(personId: string, limitFen: bigint | null): Promise<void> {
    const book = await this.policies.book();
    await this.store.inTransaction(async (tx) => {
      const account = await lockedAccount(tx, personId);
      const [holder] = await tx.persons([personId]);
      const check = checkRelativesMonthlyLimit(
        resolvePolicyAt(book, holder.regionCode, chinaDate(new Date())),
        limitFen,
      );
      if (!check.ok) throw ApplicationError.refused(check.code, check.message);
      await tx.updateAccountSettings(account.accountId, { relativesMonthlyLimitFen: limitFen });
    });
  }
}

async function lockedAccount(tx: RegistryTransaction, personId: string): Promise<Account> {
  const account = await tx.account(personId, { lock: true });
  if (!account) throw ApplicationError.notFound(NO_ACCOUNT);
  return account;
}
