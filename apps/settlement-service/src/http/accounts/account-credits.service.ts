import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appendJournal, ledger } from '../../store/journal-writer';
import { AccountEntity } from '../../store/entities/account.entity';
import { CreditEntity } from '../../store/entities/credit.entity';
import { contentHash } from '../../inbound/canonical-hash';
import { ApiError } from '../errors/api-error';
import { fenToJson, jsonToFen } from '../shared/fen';
import { inTransaction, queryRows } from '../shared/transaction';
import { CREDIT_REASONS, CreditDto } from './account-request.dto';
import { CreditReceiptDto } from './account-view.dto';
import { sqlInEntityManager } from '../../store/sql-runner';

/**
 * Money paid into a personal account, idempotent by creditId. The balance rises only together
 * with a balanced journal entry (D EXT:CONTRIBUTIONS, C PA:<accountId>), under the account's row lock.
 */
@Injectable()
export class AccountCredits {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `applied` is false when this is a retry of a credit already applied (same content). */
  async credit(personId: string, dto: CreditDto): Promise<{ applied: boolean; receipt: CreditReceiptDto }> {
    const hash = contentHash({ personId, amountFen: dto.amountFen, reason: dto.reason });
    return inTransaction(this.db, (tx) => this.creditIn(tx, personId, dto, hash));
  }

  private async creditIn(
    tx: EntityManager,
    personId: string,
    dto: CreditDto,
    hash: string,
  ): Promise<{ applied: boolean; receipt: CreditReceiptDto }> {
    const account = await tx.findOne(AccountEntity, { where: { personId }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw ApiError.notFound('no personal account for this person (unknown, or resident-insured only)');

    const earlier = await tx.findOneBy(CreditEntity, { creditId: dto.creditId });
    if (earlier) return this.answerRetry(earlier, personId, hash);

    const amountFen = jsonToFen(dto.amountFen);
    const credit: Omit<CreditEntity, 'createdAt'> = {
      creditId: dto.creditId,
      accountId: account.accountId,
      amountFen,
      reason: dto.reason,
      contentHash: hash,
      balanceAfterFen: account.balanceFen + amountFen, // the row lock keeps the balance still until commit
    };
    // ON CONFLICT: the same new creditId racing on another account waits for that one and loses cleanly.
    const inserted = await queryRows<{ credit_id: string }>(
      tx,
      `INSERT INTO credits (credit_id, account_id, amount_fen, reason, content_hash, balance_after_fen)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (credit_id) DO NOTHING RETURNING credit_id`,
      [credit.creditId, credit.accountId, amountFen.toString(), credit.reason, hash, credit.balanceAfterFen.toString()],
    );
    if (inserted.length === 0) {
      return this.answerRetry(await tx.findOneByOrFail(CreditEntity, { creditId: dto.creditId }), personId, hash);
    }
    await tx.query(`UPDATE accounts SET balance_fen = balance_fen + $2, updated_at = now() WHERE account_id = $1`, [
      account.accountId,
      amountFen.toString(),
    ]);
    await appendJournal(sqlInEntityManager(tx), [
      {
        kind: 'CREDIT',
        refId: dto.creditId,
        lines: [
          { ledgerAccount: ledger.contributions, side: 'D', amountFen },
          { ledgerAccount: ledger.personal(account.accountId), side: 'C', amountFen },
        ],
      },
    ]);
    return { applied: true, receipt: receipt(personId, credit) };
  }

  /** A creditId seen before: the same content is a retry (answered again), other content a conflict. */
  private answerRetry(
    earlier: CreditEntity,
    personId: string,
    hash: string,
  ): { applied: boolean; receipt: CreditReceiptDto } {
    if (earlier.contentHash !== hash) {
      throw ApiError.conflict('DUPLICATE_CONFLICT', 'creditId was already used for a different credit');
    }
    return { applied: false, receipt: receipt(personId, earlier) };
  }
}

function receipt(personId: string, credit: Omit<CreditEntity, 'createdAt'>): CreditReceiptDto {
  return {
    creditId: credit.creditId,
    personId,
    accountId: credit.accountId,
    amountFen: fenToJson(credit.amountFen),
    reason: credit.reason as (typeof CREDIT_REASONS)[number],
    balanceAfterFen: fenToJson(credit.balanceAfterFen),
  };
}
