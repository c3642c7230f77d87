import type { EnrollmentStatus, InsuranceType } from '@gongji/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An insured person: table `persons`. Structurally a domain `Person` (plus name and timestamps). */
@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryColumn({ name: 'person_id', type: 'text' })
  personId: string;

  /** Personal data: returned to authorised callers, never logged. */
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  @Column({ name: 'insurance_type', type: 'text' })
  insuranceType: InsuranceType;

  @Column({ name: 'enrollment_status', type: 'text' })
  enrollmentStatus: EnrollmentStatus;

  /** 'YYYY-MM-DD' (TypeORM hydrates `date` columns as strings). */
  @Column({ name: 'fraud_record_at', type: 'date', nullable: true })
  fraudRecordAt: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
