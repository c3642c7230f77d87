import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from './bigint-column';

/** Money paid into a personal account (contribution or adjustment), idempotent by creditId: table `credits`. */
@Entity({ name: 'credits' })
export class CreditEntity {
  @PrimaryColumn({ name: 'credit_id', type: 'text' })
  creditId: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintTransformer })
  amountFen: bigint;

  @Column({ type: 'text' })
  reason: string;

  /** Fingerprint of the request, to tell a retry from a conflicting reuse of the creditId. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'balance_after_fen', type: 'bigint', transformer: bigintTransformer })
  balanceAfterFen: bigint;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
