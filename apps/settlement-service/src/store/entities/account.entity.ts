import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from './bigint-column';

/**
 * An employee's personal account: table `accounts`. Structurally a domain `Account`.
 * balance_fen changes only together with a journal entry (credits, settlements, reversals).
 */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId: string;

  @Column({ name: 'person_id', type: 'text', unique: true })
  personId: string;

  @Column({ name: 'balance_fen', type: 'bigint', transformer: bigintTransformer })
  balanceFen: bigint;

  @Column({ name: 'held_fen', type: 'bigint', transformer: bigintTransformer })
  heldFen: bigint;

  @Column({ name: 'reserve_fen', type: 'bigint', transformer: bigintTransformer })
  reserveFen: bigint;

  @Column({ name: 'relatives_monthly_limit_fen', type: 'bigint', nullable: true, transformer: bigintTransformer })
  relativesMonthlyLimitFen: bigint | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
