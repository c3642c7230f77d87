import type { BindingStatus, Relationship } from '@gongji/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from './bigint-column';

/** A holder lets a beneficiary draw on their account: table `bindings`. Structurally a domain `Binding`. */
@Entity({ name: 'bindings' })
export class BindingEntity {
  @PrimaryColumn({ name: 'binding_id', type: 'text' })
  bindingId: string;

  @Column({ name: 'holder_id', type: 'text' })
  holderId: string;

  @Column({ name: 'beneficiary_id', type: 'text' })
  beneficiaryId: string;

  @Column({ type: 'text' })
  relationship: Relationship;

  @Column({ name: 'monthly_limit_fen', type: 'bigint', nullable: true, transformer: bigintTransformer })
  monthlyLimitFen: bigint | null;

  @Column({ type: 'text' })
  status: BindingStatus;

  /** Why it is SUSPENDED or REVOKED, e.g. ENROLLMENT_LAPSED; null while ACTIVE. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** Position among the beneficiary's funding sources (1 = drawn first). */
  @Column({ name: 'payment_order', type: 'integer' })
  paymentOrder: number;

  /** The holder's region policy version the binding was accepted under. */
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
