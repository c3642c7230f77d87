import type { Fen } from '../money';
import type { ContributionScheme } from './contribution-scheme';
import type { Relationship } from './relationship';

/** A request to pay a relative's own contribution from the holder's personal account (contract 1.1 §1). */
export interface ContributionRequest {
  /** Idempotency key (the adapter answers DUPLICATE_CONFLICT for other content). */
  readonly contributionId: string;
  readonly holderId: string;
  /** The relative whose contribution is paid; needs no binding and need not be insured yet. */
  readonly beneficiaryId: string;
  /** What the beneficiary is to the holder. */
  readonly relationship: Relationship;
  readonly scheme: ContributionScheme;
  /** The contribution year "YYYY" or month "YYYY-MM". */
  readonly period: string;
  readonly amountFen: Fen;
  /** Who collects it (e.g. the tax bureau's collection account); credited through its clearing account. */
  readonly payeeId: string;
  readonly requestedAt: Date;
}

/** A contribution that was paid, as a refund needs it. */
export interface PaidContribution {
  readonly contributionId: string;
  readonly holderId: string;
  readonly amountFen: Fen;
}
