/**
 * The bench's contribution requests (contract 1.1 §1): holders paying a bound relative's resident
 * medical insurance, each for its own month so that most are paid (a repeat of beneficiary ×
 * scheme × period would be a cheap ALREADY_PAID and measure nothing). Pure and deterministic.
 */
import type { SimBinding } from '../apps/pos-simulator/src/population-model';

/** The body of `mutualaid.contribution-requests.v1` and `POST /v1/contributions`. */
export interface ContributionRequest {
  readonly contributionId: string;
  readonly holderId: string;
  readonly beneficiaryId: string;
  readonly relationship: string;
  readonly scheme: 'RESIDENT_MEDICAL';
  readonly period: string;
  readonly amountFen: number;
  readonly payeeId: string;
  readonly requestedAt: string;
}

const FIRST_YEAR = 2027;
const LAST_YEAR = 9999;

/**
 * The n-th request (n >= 0) of a run over `bindings`, cycling through them. A relative bound to
 * several holders gets a different month from each, so no two requests share beneficiary ×
 * scheme × period.
 */
export class ContributionPlan {
  /** Per binding: its rank among the bindings of the same beneficiary, and their count. */
  private readonly slots: { rank: number; of: number }[];

  constructor(private readonly bindings: readonly SimBinding[]) {
    const count = new Map<string, number>();
    this.slots = bindings.map((b) => {
      const rank = count.get(b.beneficiaryId) ?? 0;
      count.set(b.beneficiaryId, rank + 1);
      return { rank, of: 0 };
    });
    bindings.forEach((b, i) => (this.slots[i].of = count.get(b.beneficiaryId) ?? 1));
  }

  request(n: number, runTag: string, now: Date): ContributionRequest {
    if (this.bindings.length === 0) throw new Error('ContributionPlan: the population has no bindings');
    if (!Number.isInteger(n) || n < 0) throw new Error(`ContributionPlan: n must be a whole number >= 0, got ${n}`);
    const i = n % this.bindings.length;
    const b = this.bindings[i];
    const month = Math.floor(n / this.bindings.length) * this.slots[i].of + this.slots[i].rank;
    const year = FIRST_YEAR + Math.floor(month / 12);
    if (year > LAST_YEAR) throw new Error('ContributionPlan: no month left for this beneficiary');
    return {
      contributionId: `${runTag}c${n}`,
      holderId: b.holderId,
      beneficiaryId: b.beneficiaryId,
      relationship: b.relationship,
      scheme: 'RESIDENT_MEDICAL',
      period: `${year}-${String((month % 12) + 1).padStart(2, '0')}`,
      // 1.00 to 3.99 yuan: small enough that the bench's rich accounts rarely run short.
      amountFen: 100 + ((n * 37) % 300),
      payeeId: `TAX-${b.beneficiaryId.slice(-12, -8) || 'BENCH'}`,
      requestedAt: now.toISOString(),
    };
  }
}
