/**
 * Each merchant's day as the simulator itself counted it from the answers it got (contract 1.1
 * §2, the insurer's 3201): per UTC+8 date, the charges settled that day (reversed later or not)
 * with their account and mutual-aid parts, and the reversals of settled charges made that day
 * with what went back to accounts. A run may cross midnight in China: days are kept apart. Pure.
 */
import { chinaDate } from '@gongji/domain';
import type { OutcomeTracker } from './outcome-tracker';

export interface DayFigures {
  settledCount: number;
  acctPayFen: bigint;
  acctMulaidPayFen: bigint;
  reversedCount: number;
  reversedFen: bigint;
}

export interface MerchantDay {
  readonly merchantId: string;
  readonly date: string;
  readonly figures: DayFigures;
  /** The lines the service's day listing must hold: settled that day, or settled earlier and reversed that day. */
  readonly lines: Map<string, { acctPayFen: bigint; acctMulaidPayFen: bigint }>;
}

const big = (v: unknown): bigint => BigInt(typeof v === 'number' && Number.isSafeInteger(v) ? v : 0);

/** Keyed `${merchantId} ${date}`; only merchants `ours` accepts. */
export function merchantDays(tracker: OutcomeTracker, ours: (merchantId: string) => boolean): Map<string, MerchantDay> {
  const days = new Map<string, MerchantDay>();
  const day = (merchantId: string, date: string): MerchantDay => {
    const key = `${merchantId} ${date}`;
    let d = days.get(key);
    if (!d) {
      d = {
        merchantId,
        date,
        figures: { settledCount: 0, acctPayFen: 0n, acctMulaidPayFen: 0n, reversedCount: 0, reversedFen: 0n },
        lines: new Map(),
      };
      days.set(key, d);
    }
    return d;
  };
  for (const c of tracker.charges.values()) {
    const final = c.finals[0];
    if (final?.type !== 'charge.settled') continue;
    const merchantId = String(final.data.merchantId);
    if (!ours(merchantId) || typeof final.data.settledAt !== 'string') continue;
    const a = (final.data.amounts ?? {}) as Record<string, unknown>;
    const line = { acctPayFen: big(a.acctPayFen), acctMulaidPayFen: big(a.acctMulaidPayFen) };
    const settledDate = chinaDate(new Date(final.data.settledAt));
    const settled = day(merchantId, settledDate);
    settled.figures.settledCount++;
    settled.figures.acctPayFen += line.acctPayFen;
    settled.figures.acctMulaidPayFen += line.acctMulaidPayFen;
    settled.lines.set(c.chargeId, line);
    const reversal = c.reversals.find((r) => r.originalStatus === 'SETTLED');
    if (reversal?.reversedAt) {
      const reversed = day(merchantId, chinaDate(new Date(reversal.reversedAt)));
      reversed.figures.reversedCount++;
      // What went back to accounts: the whole account part of the settled charge.
      reversed.figures.reversedFen += line.acctPayFen;
      reversed.lines.set(c.chargeId, line);
    }
  }
  return days;
}

/** The reconciliation request body for one day (amounts as JSON numbers of fen). */
export function reconciliationBody(d: MerchantDay): Record<string, unknown> {
  const f = d.figures;
  return {
    date: d.date,
    settledCount: f.settledCount,
    acctPayFen: Number(f.acctPayFen),
    acctMulaidPayFen: Number(f.acctMulaidPayFen),
    reversedCount: f.reversedCount,
    reversedFen: Number(f.reversedFen),
  };
}
