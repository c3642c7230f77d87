import { Injectable } from '@nestjs/common';
import { contributionFingerprint, validateContribution } from '../../inbound/decode-inbound-message';
import { isIdentifier } from '../../inbound/contract-formats';
import { contentHash } from '../../inbound/canonical-hash';
import { CONTRIBUTION_FIELDS, knownFields } from '../../inbound/known-fields';
import { describeProblems } from '../../inbound/validation-message';
import { ApplicationError } from '../../shared/errors/application-error';
import { SettlementCommand } from '../settlement/settlement-command';
import { SettlementProcessor } from '../settlement/settlement-processor';
import { SettlementStore } from '../ports/settlement-store';

/** What became of a contribution request: its paid data, or its refusal. */
export type ContributionAnswer =
  { kind: 'paid'; data: Record<string, unknown> } | { kind: 'rejected'; code: string; message: string };

/**
 * Contributions over HTTP (contract 1.1 §1): the same command and the same one transaction as a
 * message on mutualaid.contribution-requests.v1, answered with what was decided (the event goes
 * to settlement.events.v1 either way). An identical re-send gets the first answer again.
 */
@Injectable()
export class Contributions {
  constructor(
    private readonly processor: SettlementProcessor,
    private readonly store: SettlementStore,
  ) {}

  async request(body: Record<string, unknown>): Promise<ContributionAnswer> {
    if (!isIdentifier(body.contributionId)) {
      const problem = 'must be 1 to 64 characters of [A-Za-z0-9._:-]';
      throw ApplicationError.invalidRequest(`contributionId: ${problem}`, [{ field: 'contributionId', problem }]);
    }
    const contributionId = body.contributionId;
    const checked = validateContribution(body);
    const command: SettlementCommand =
      'contribution' in checked
        ? {
            kind: 'contribution',
            contributionId,
            hash: contributionFingerprint(checked.contribution),
            contribution: checked.contribution,
          }
        : {
            kind: 'invalid-contribution',
            contributionId,
            hash: contentHash(knownFields(body, CONTRIBUTION_FIELDS)),
            raw: knownFields(body, CONTRIBUTION_FIELDS),
            message: describeProblems(checked.problems),
          };
    await this.processor.process([command]);
    const stored = await this.store.contributionOutcome(contributionId);
    if (!stored) throw new Error(`contribution ${contributionId} was processed but is not recorded`);
    if (stored.contentHash !== command.hash) {
      return {
        kind: 'rejected',
        code: 'DUPLICATE_CONFLICT',
        message: 'contributionId was already used with other content',
      };
    }
    if (stored.status === 'REJECTED') {
      const reason = (stored.outcome as { reason: { code: string; message: string } }).reason;
      return { kind: 'rejected', code: reason.code, message: reason.message };
    }
    return { kind: 'paid', data: stored.outcome as Record<string, unknown> };
  }

  /** The whole amount back to the holder's account, once; the same refundId again answers the same. */
  async refund(
    contributionId: string,
    refundId: string,
    reason: string,
  ): Promise<{ created: boolean; data: Record<string, unknown> }> {
    const [result] = await this.processor.process([{ kind: 'contribution-refund', contributionId, refundId, reason }]);
    if (result.kind === 'ignored') {
      if (result.code === 'NOT_FOUND') throw ApplicationError.notFound(result.message);
      if (result.code === 'REFUND_CONFLICT') throw ApplicationError.conflict('ALREADY_REFUNDED', result.message);
      throw ApplicationError.conflict('CONTRIBUTION_NOT_PAID', result.message);
    }
    const stored = await this.store.contributionOutcome(contributionId);
    return { created: result.kind === 'applied', data: stored!.refundOutcome as Record<string, unknown> };
  }
}
