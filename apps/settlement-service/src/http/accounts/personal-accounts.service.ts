import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUILT_IN_POLICY_BOOK, checkRelativesMonthlyLimit, chinaDate, resolvePolicyAt } from '@gongji/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity } from '../../store/entities/account.entity';
import { PersonEntity } from '../../store/entities/person.entity';
import { ApiError } from '../errors/api-error';
import { jsonToFen, nullableJsonToFen } from '../shared/fen';
import { inTransaction } from '../shared/transaction';
import { AccountViewDto } from './account-view.dto';
import { accountView } from './account-view';

const NO_ACCOUNT = 'no personal account for this person (unknown, or resident-insured only)';

/** Reading a personal account and the owner's settings on it (reserve, relatives' total limit). */
@Injectable()
export class PersonalAccounts {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async view(personId: string): Promise<AccountViewDto> {
    const account = await this.db.getRepository(AccountEntity).findOneBy({ personId });
    if (!account) throw ApiError.notFound(NO_ACCOUNT);
    return accountView(account);
  }

  async setReserve(personId: string, reserveJson: number): Promise<AccountViewDto> {
    const reserveFen = jsonToFen(reserveJson);
    return inTransaction(this.db, async (tx) => {
      const account = await this.locked(tx, personId);
      await tx.update(AccountEntity, { accountId: account.accountId }, { reserveFen });
      return accountView({ ...account, reserveFen });
    });
  }

  /** Only where the holder's region policy provides a total limit for relatives; null clears it. */
  async setRelativesLimit(personId: string, limitJson: number | null): Promise<AccountViewDto> {
    const limitFen = nullableJsonToFen(limitJson);
    return inTransaction(this.db, async (tx) => {
      const account = await this.locked(tx, personId);
      const holder = await tx.findOneByOrFail(PersonEntity, { personId });
      const holderPolicy = resolvePolicyAt(BUILT_IN_POLICY_BOOK, holder.regionCode, chinaDate(new Date()));
      const check = checkRelativesMonthlyLimit(holderPolicy, limitFen);
      if (!check.ok) throw ApiError.refused(check.code, check.message);
      await tx.update(AccountEntity, { accountId: account.accountId }, { relativesMonthlyLimitFen: limitFen });
      return accountView({ ...account, relativesMonthlyLimitFen: limitFen });
    });
  }

  private async locked(tx: EntityManager, personId: string): Promise<AccountEntity> {
    const account = await tx.findOne(AccountEntity, { where: { personId }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw ApiError.notFound(NO_ACCOUNT);
    return account;
  }
}
