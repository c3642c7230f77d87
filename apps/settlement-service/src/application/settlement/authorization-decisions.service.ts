import { Injectable } from '@nestjs/common';
import { ApplicationError } from '../../shared/errors/application-error';
import { SettlementStore } from '../ports/settlement-store';
import { SettlementProcessor } from './settlement-processor';

/**
 * The holder's answer over HTTP (POST /v1/authorizations/{id}/decision). It goes through the same
 * processor, locks and rules as an answer on `mutualaid.authorization-decisions.v1`, so whichever
 * arrives first wins; the caller's right to answer for the holder is the guard's to check.
 */
@Injectable()
export class AuthorizationDecisions {
  constructor(
    private readonly store: SettlementStore,
    private readonly processor: SettlementProcessor,
  ) {}

  /** The charge's outcome once decided (its `charge.settled` data). */
  async decide(authorizationId: string, decision: 'APPROVE' | 'DECLINE'): Promise<Record<string, unknown>> {
    const parties = await this.store.authorizationParties(authorizationId);
    if (!parties) throw ApplicationError.notFound('no authorization with this id');
    const [result] = await this.processor.process([
      { kind: 'decision', authorizationId, holderId: parties.holderId, decision },
    ]);
    if (result.kind === 'ignored') {
      if (result.code === 'NOT_FOUND') throw ApplicationError.notFound(result.message);
      throw ApplicationError.conflict('AUTHORIZATION_NOT_PENDING', result.message);
    }
    return (await this.store.chargeOutcome(parties.chargeId)) as Record<string, unknown>;
  }
}
