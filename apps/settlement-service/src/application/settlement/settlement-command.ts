import { AuthorizationDecisionDto } from '../../inbound/authorization-decision.dto';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { ContributionRequestedDto } from '../../inbound/contribution-requested.dto';
import { ReversalRequestedDto } from '../../inbound/reversal-requested.dto';

/** Where a command came from in Kafka; absent for HTTP decisions and expiry sweeps. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * One unit of work for the settlement processor, in arrival order. A charge's `requestText` is
 * the message as received, stored as the charge's request (absent for a quote, which stores nothing).
 */
export type SettlementCommand =
  | {
      kind: 'charge';
      chargeId: string;
      hash: string;
      charge: ChargeRequestedDto;
      requestText?: string;
      source?: MessageSource;
    }
  | {
      kind: 'invalid-charge';
      /** INVALID_CHARGE by default; PROCESSING_FAULT for a charge that failed alone against a writable database. */
      code?: 'INVALID_CHARGE' | 'PROCESSING_FAULT';
      chargeId: string;
      hash: string;
      raw: Record<string, unknown>;
      requestText?: string;
      message: string;
      source?: MessageSource;
    }
  | { kind: 'reversal'; reversalId: string; hash: string; reversal: ReversalRequestedDto; source?: MessageSource }
  | {
      kind: 'invalid-reversal';
      /** INVALID_REVERSAL by default; PROCESSING_FAULT as for a charge. */
      code?: 'INVALID_REVERSAL' | 'PROCESSING_FAULT';
      reversalId: string;
      hash: string;
      raw: Record<string, unknown>;
      message: string;
      source?: MessageSource;
    }
  | {
      kind: 'decision';
      authorizationId: string;
      holderId: string;
      decision: AuthorizationDecisionDto['decision'];
      source?: MessageSource;
    }
  | { kind: 'expire'; authorizationId: string }
  | {
      kind: 'contribution';
      contributionId: string;
      hash: string;
      contribution: ContributionRequestedDto;
      requestText?: string;
      source?: MessageSource;
    }
  | {
      kind: 'invalid-contribution';
      /** INVALID_CONTRIBUTION by default; PROCESSING_FAULT for one that failed alone against a writable database. */
      code?: 'INVALID_CONTRIBUTION' | 'PROCESSING_FAULT';
      contributionId: string;
      hash: string;
      raw: Record<string, unknown>;
      message: string;
      source?: MessageSource;
    }
  | { kind: 'contribution-refund'; contributionId: string; refundId: string; reason: string };

/** What became of one command, for HTTP callers and metrics. */
export type CommandResult =
  | { kind: 'applied'; eventTypes: string[] }
  | { kind: 'duplicate' }
  | {
      kind: 'ignored';
      code: 'NOT_FOUND' | 'NOT_HOLDER' | 'NOT_PENDING' | 'NOT_PAID' | 'REFUND_CONFLICT';
      message: string;
    };
