import type { PolicyBook, SettlementAmounts } from '@gongji/domain';
import type { SettlementTransaction } from '../ports/settlement-store';
import { decideChargeOn } from './apply-charge';
import { ChargeRequestedDto } from '../../inbound/charge-requested.dto';
import { LegData, legData } from './outcome-events';

export type ChargeQuote =
  | { outcome: 'REJECTED'; chargeId: string; quotedAt: string; reason: { code: string; message: string } }
  | {
      outcome: 'SETTLED' | 'PENDING_AUTHORIZATION';
      chargeId: string;
      quotedAt: string;
      amounts: SettlementAmounts;
      /** As in the `charge.settled` event. */
      legs: LegData[];
      balcFen: bigint | null;
      policyVersion: string;
      /** Only when the split would wait for a holder's approval above a limit. */
      authorization: { holderId: string; requestedFen: bigint } | null;
    };

/**
 * What a charge would get now: the same reads and the same engine as settlement, without locks
 * and without writing anything. Its own id's history does not matter; a reversal kept for that
 * id does (the charge would be refused).
 */
export async function quoteCharge(
  tx: SettlementTransaction,
  dto: ChargeRequestedDto,
  now: Date,
  limits: { chargeMaxAgeS: number; policies: PolicyBook },
): Promise<ChargeQuote> {
  const cmd = { kind: 'charge' as const, chargeId: dto.chargeId, hash: '', charge: dto };
  const s = await tx.load([cmd], now, { lock: false });
  const quotedAt = now.toISOString();
  if (s.reversalByCharge.has(dto.chargeId)) {
    return {
      outcome: 'REJECTED',
      chargeId: dto.chargeId,
      quotedAt,
      reason: { code: 'CHARGE_REVERSED', message: 'a reversal was received for this chargeId' },
    };
  }
  const decision = decideChargeOn(s, dto, now, { maxChargeAgeS: limits.chargeMaxAgeS, policies: limits.policies });
  if (decision.kind === 'REJECTED') {
    return {
      outcome: 'REJECTED',
      chargeId: dto.chargeId,
      quotedAt,
      reason: { code: decision.code, message: decision.message },
    };
  }
  return {
    outcome: decision.kind,
    chargeId: dto.chargeId,
    quotedAt,
    amounts: decision.amounts,
    legs: decision.legs.map(legData),
    balcFen: decision.balcFen,
    policyVersion: decision.policyVersion,
    authorization:
      decision.kind === 'PENDING_AUTHORIZATION'
        ? { holderId: decision.authorization.holderId, requestedFen: decision.authorization.requestedFen }
        : null,
  };
}
