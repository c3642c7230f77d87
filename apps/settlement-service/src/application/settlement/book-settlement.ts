import { monthKey, settlementEntry, type SettledDecision, type SettlementLeg, type UsageEntry } from '@gongji/domain';
import { RawJson } from '../../shared/json/raw-json';
import { pseudonymize } from '../../observability/pseudonymize';
import { routedTo } from '../events/outbox-event';
import { ChargeSettledData, chargeSettledEvent, legData } from './outcome-events';
import { SettlementContext } from './settlement-context';
import { ChargeRecord } from './settlement-records';

/**
 * Moves the money of a settled decision: debits each leg's account (turning what was held for a
 * pending authorization into a debit), counts usage not yet counted, writes the legs, one
 * balanced journal entry (personal accounts debited, the merchant's clearing account credited)
 * and the `charge.settled` event. Balances after are read from the accounts as they end up.
 */
export function bookSettlement(
  ctx: SettlementContext,
  charge: ChargeRecord,
  decision: SettledDecision,
  options: { authorizationId: string | null; usageAlreadyCounted: readonly UsageEntry[] },
): ChargeSettledData {
  const s = ctx.state;
  const heldLegs = (s.legsByCharge.get(charge.chargeId) ?? []).filter((l) => l.status === 'HELD');
  const month = monthKey(ctx.now);
  let nextLegNo = (s.legsByCharge.get(charge.chargeId) ?? []).reduce((m, l) => Math.max(m, l.legNo), 0) + 1;

  const legs: SettlementLeg[] = decision.legs.map((leg) => {
    const held = heldLegs.find((h) => h.accountId === leg.accountId);
    const heldFen = held?.amountFen ?? 0n;
    if (leg.amountFen < heldFen) throw new Error(`leg on ${pseudonymize(leg.accountId)} is below what was held for it`);
    const account = s.changeAccount(leg.accountId, { heldFen: -heldFen, balanceFen: -leg.amountFen });
    if (held) {
      held.amountFen = leg.amountFen;
      held.balanceAfterFen = account.balanceFen;
      s.setLegStatus(held, 'SETTLED');
    } else {
      s.addLeg({
        chargeId: charge.chargeId,
        legNo: nextLegNo++,
        accountId: leg.accountId,
        holderId: leg.holderId,
        bindingId: leg.bindingId,
        relationship: leg.relationship,
        amountFen: leg.amountFen,
        balanceAfterFen: account.balanceFen,
        monthKey: month,
        status: 'SETTLED',
      });
    }
    return { ...leg, balanceAfterFen: account.balanceFen };
  });
  for (const h of heldLegs) {
    if (!decision.legs.some((l) => l.accountId === h.accountId))
      throw new Error(`held leg on ${pseudonymize(h.accountId)} was dropped`);
  }

  for (const u of usageDelta(decision.usage, options.usageAlreadyCounted))
    s.addUsage(u.bindingId, u.holderId, u.monthKey, u.amountFen);

  const entry = settlementEntry({ chargeId: charge.chargeId, merchantId: charge.merchantId as string, legs });
  if (entry) s.journal.push(entry);

  const patientAccount = charge.patientId ? s.accountOf(charge.patientId) : null;
  const data: ChargeSettledData = {
    chargeId: charge.chargeId,
    patientId: charge.patientId as string,
    merchantId: charge.merchantId as string,
    terminalId: charge.terminalId as string,
    settledAt: ctx.now.toISOString(),
    amounts: decision.amounts,
    legs: legs.map(legData),
    balcFen: decision.balcFen === null || !patientAccount ? null : patientAccount.balanceFen,
    authorizationId: options.authorizationId,
    policyVersion: decision.policyVersion,
  };
  charge.status = 'SETTLED';
  charge.settledAt = ctx.now;
  charge.amounts = decision.amounts;
  const event = routedTo(chargeSettledEvent(data, ctx.now), charge.merchantId, charge.terminalId);
  // The event's data text, serialized once for both.
  charge.outcome = new RawJson(event.dataJson);
  charge.policyVersion = decision.policyVersion;
  charge.pendingDecision = null;
  charge.settledUsage = [...decision.usage];
  s.markChargeChanged(charge.chargeId);
  s.events.push(event);
  return data;
}

/** Holds the covered legs of a pending decision: nobody else can spend them until it ends. */
export function holdLegs(
  ctx: SettlementContext,
  charge: ChargeRecord,
  legs: readonly SettlementLeg[],
  usage: readonly UsageEntry[],
): void {
  const s = ctx.state;
  legs.forEach((leg, i) => {
    const account = s.changeAccount(leg.accountId, { heldFen: leg.amountFen });
    s.addLeg({
      chargeId: charge.chargeId,
      legNo: i + 1,
      accountId: leg.accountId,
      holderId: leg.holderId,
      bindingId: leg.bindingId,
      relationship: leg.relationship,
      amountFen: leg.amountFen,
      balanceAfterFen: account.balanceFen - leg.amountFen,
      monthKey: monthKey(ctx.now),
      status: 'HELD',
    });
  });
  // Limits used while pending count at once, or a second charge could spend them too.
  for (const u of usage) s.addUsage(u.bindingId, u.holderId, u.monthKey, u.amountFen);
}

/** Releases what a pending charge held and the usage it counted (a reversal before the answer). */
export function releaseHeldLegs(ctx: SettlementContext, charge: ChargeRecord, usage: readonly UsageEntry[]): void {
  const s = ctx.state;
  for (const leg of s.legsByCharge.get(charge.chargeId) ?? []) {
    if (leg.status !== 'HELD') continue;
    s.changeAccount(leg.accountId, { heldFen: -leg.amountFen });
    s.setLegStatus(leg, 'RELEASED');
  }
  for (const u of usage) s.addUsage(u.bindingId, u.holderId, u.monthKey, -u.amountFen);
}

function usageDelta(finalUsage: readonly UsageEntry[], counted: readonly UsageEntry[]): UsageEntry[] {
  return finalUsage
    .map((u) => {
      const before = counted
        .filter((c) => c.bindingId === u.bindingId && c.monthKey === u.monthKey)
        .reduce((sum, c) => sum + c.amountFen, 0n);
      return { ...u, amountFen: u.amountFen - before };
    })
    .filter((u) => u.amountFen !== 0n);
}
