import { Injectable } from '@nestjs/common';
import type { DeadLetter } from '../../application/ports/dead-letter';
import { SettlementStore, SettlementTransaction } from '../../application/ports/settlement-store';
import { Database } from '../database';
import { appendDeadLetters } from '../dead-letter-store';
import { SqlRunner } from '../sql-runner';
import { flushSettlementState } from './flush-settlement-state';
import { loadSettlementState } from './load-settlement-state';

/** The settlement core's transactions on PostgreSQL: the reads, the one combined write, the dead letters. */
@Injectable()
export class PgSettlementStore extends SettlementStore {
  constructor(private readonly db: Database) {
    super();
  }

  inTransaction<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((sql) => work(transactionOn(sql)));
  }

  readOnly<T>(work: (tx: SettlementTransaction) => Promise<T>): Promise<T> {
    // One snapshot for every read, so a quote never mixes two moments.
    return this.db.transaction((sql) => work(transactionOn(sql)), { isolation: 'REPEATABLE READ' });
  }
}

function transactionOn(sql: SqlRunner): SettlementTransaction {
  return {
    load: (commands, now, options) => loadSettlementState(sql, commands, now, options),
    flush: (state, consumerGroup) => flushSettlementState(sql, state, consumerGroup),
    keepDeadLetters: (letters: readonly DeadLetter[]) => appendDeadLetters(sql, letters),
  };
}
