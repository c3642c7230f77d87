export type InsuranceType = 'EMPLOYEE' | 'RESIDENT';
export type EnrollmentStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';

/** An insured person. Only EMPLOYEE insurance comes with a personal account. */
export interface Person {
  readonly personId: string;
  /** Insured region: 6-digit administrative division code; its policy governs this person. */
  readonly regionCode: string;
  readonly insuranceType: InsuranceType;
  readonly enrollmentStatus: EnrollmentStatus;
  /** Date (YYYY-MM-DD, UTC+8) of the latest fraud record, or null. */
  readonly fraudRecordAt: string | null;
}
