import { isIdentifier } from '../../inbound/contract-formats';
import { RawJson } from '../../shared/json/raw-json';
import { routedTo } from '../events/outbox-event';
import { ChargeRejectedData, chargeRejectedEvent } from './outcome-events';
import { CommandResult } from './settlement-command';
import { SettlementContext } from './settlement-context';
import { ChargeRecord } from './settlement-records';

/** Records a charge's one rejection and its event. */
export function rejectCharge(
  ctx: SettlementContext,
  record: ChargeRecord,
  code: string,
  message: string,
): CommandResult {
  const data = rejectedChargeData(ctx, record.chargeId, record, code, message);
  record.status = 'REJECTED';
  record.reasonCode = code;
  const event = routedTo(chargeRejectedEvent(data, ctx.now), record.merchantId, record.terminalId);
  record.outcome = new RawJson(event.dataJson); // the event's data text, serialized once for both
  ctx.state.markChargeChanged(record.chargeId);
  ctx.state.events.push(event);
  return { kind: 'applied', eventTypes: ['charge.rejected'] };
}

export function rejectedChargeData(
  ctx: SettlementContext,
  chargeId: string,
  source: object,
  code: string,
  message: string,
): ChargeRejectedData {
  const ids = identifiersOf(source as Record<string, unknown>);
  return {
    chargeId,
    patientId: ids.patientId,
    merchantId: ids.merchantId,
    rejectedAt: ctx.now.toISOString(),
    reason: { code, message },
  };
}

/** patientId / merchantId / terminalId of a message when they are usable identifiers, else null. */
export function identifiersOf(raw: Record<string, unknown>): {
  patientId: string | null;
  merchantId: string | null;
  terminalId: string | null;
} {
  const id = (v: unknown) => (isIdentifier(v) ? v : null);
  return { patientId: id(raw.patientId), merchantId: id(raw.merchantId), terminalId: id(raw.terminalId) };
}
