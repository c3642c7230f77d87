/**
 * What terminals send, charge by charge, deterministic from the seed: who is treated where, what
 * they buy, and the mishaps of real counters (exact re-sends, re-used ids, returns, terminal
 * timeouts that reverse a charge before it arrives, holders who approve, decline or do not answer).
 */
import { chinaTimestamp } from './china-time';
import { CLINIC_SERVICES, HOSPITAL_SERVICES, PHARMACY_ITEMS, type CatalogueItem } from './item-catalogue';
import type { ChargeItem, ChargeRequested, CredentialKind, ReversalReason } from './messages';
import type { Population, SimMerchant, SimPerson } from './population-model';
import { Rng } from './prng';

export interface TrafficMix {
  /** Exact re-send of the same message (a terminal retry). */
  readonly duplicate: number;
  /** Same chargeId with other content (a terminal re-using an id): DUPLICATE_CONFLICT. */
  readonly conflict: number;
  /** Reversed after its outcome (a return or an operator error). */
  readonly reversalAfter: number;
  /** Reversed before the charge arrives (the terminal timed out): CHARGE_REVERSED. */
  readonly reversalBefore: number;
  /** Someone else's card presented (冒用): CREDENTIAL_MISMATCH. */
  readonly credentialMismatch: number;
  /** A patient the service does not know: UNKNOWN_PATIENT. */
  readonly unknownPatient: number;
  /** A shop that is not a designated provider: MERCHANT_NOT_DESIGNATED. */
  readonly nonDesignated: number;
  /** A terminal replaying a day-old queue: STALE_CHARGE. */
  readonly stale: number;
  /** How holders answer authorization requests (weights). */
  readonly approve: number;
  readonly decline: number;
  /** No answer: the request expires. */
  readonly noAnswer: number;
  /** The patient leaves while waiting: the terminal reverses the pending charge. */
  readonly walkAway: number;
}

export const DEFAULT_MIX: TrafficMix = {
  duplicate: 0.02,
  conflict: 0.002,
  reversalAfter: 0.02,
  reversalBefore: 0.005,
  credentialMismatch: 0.003,
  unknownPatient: 0.001,
  nonDesignated: 0.004,
  stale: 0.001,
  approve: 60,
  decline: 25,
  noAnswer: 10,
  walkAway: 5,
};

/** Plain charges only: what the bench sends (holders approve at once, see bench/). */
export const PLAIN_MIX: TrafficMix = {
  ...DEFAULT_MIX,
  duplicate: 0,
  conflict: 0,
  reversalAfter: 0,
  reversalBefore: 0,
};

export type Anomaly = 'NONE' | 'CREDENTIAL_MISMATCH' | 'UNKNOWN_PATIENT' | 'NON_DESIGNATED' | 'STALE';
export type AuthorizationAnswer = 'APPROVE' | 'DECLINE' | 'NONE' | 'WALK_AWAY';

export interface ChargePlan {
  readonly seq: number;
  readonly charge: ChargeRequested;
  readonly anomaly: Anomaly;
  readonly duplicateAfterMs: number | null;
  readonly conflictAfterMs: number | null;
  readonly reversal: {
    readonly when: 'AFTER_OUTCOME' | 'BEFORE_CHARGE';
    readonly reversalId: string;
    readonly reason: ReversalReason;
    readonly delayMs: number;
  } | null;
  /** If the charge needs the holder's approval. */
  readonly authorization: { readonly answer: AuthorizationAnswer; readonly delayMs: number };
}

/** Precomputed lookups for drawing charges quickly. */
export class PopulationIndex {
  private readonly cumulative: number[] = [];
  private readonly total: number;
  readonly byId = new Map<string, SimPerson>();
  readonly familyMembers = new Map<string, SimPerson[]>();
  readonly merchantsByRegion = new Map<string, { designated: SimMerchant[]; other: SimMerchant[] }>();
  readonly designatedMerchants: SimMerchant[];

  constructor(readonly population: Population) {
    let acc = 0;
    for (const p of population.persons) {
      acc += p.visitWeight;
      this.cumulative.push(acc);
      this.byId.set(p.personId, p);
      this.familyMembers.set(p.familyId, [...(this.familyMembers.get(p.familyId) ?? []), p]);
    }
    this.total = acc;
    for (const m of population.merchants) {
      const entry = this.merchantsByRegion.get(m.regionCode) ?? { designated: [], other: [] };
      (m.designated ? entry.designated : entry.other).push(m);
      this.merchantsByRegion.set(m.regionCode, entry);
    }
    this.designatedMerchants = population.merchants.filter((m) => m.designated);
  }

  /** A patient, weighted by how often people of that age need care. */
  patient(rng: Rng): SimPerson {
    const r = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return this.population.persons[lo];
  }
}

export function planCharge(
  index: PopulationIndex,
  rootRng: Rng,
  seq: number,
  now: Date,
  mix: TrafficMix = DEFAULT_MIX,
): ChargePlan {
  const rng = rootRng.fork(`charge:${seq}`);
  const runId = index.population.runId;
  const roll = rng.float();
  let anomaly: Anomaly = 'NONE';
  let t = mix.credentialMismatch;
  if (roll < t) anomaly = 'CREDENTIAL_MISMATCH';
  else if (roll < (t += mix.unknownPatient)) anomaly = 'UNKNOWN_PATIENT';
  else if (roll < (t += mix.nonDesignated)) anomaly = 'NON_DESIGNATED';
  else if (roll < (t += mix.stale)) anomaly = 'STALE';

  const patient = index.patient(rng);
  const merchant = pickMerchant(index, rng, patient, anomaly === 'NON_DESIGNATED');
  const terminalId = rng.pick(merchant.terminals);
  const patientId =
    anomaly === 'UNKNOWN_PATIENT' ? `${runId}-${patient.regionCode}X${String(seq).padStart(7, '0')}` : patient.personId;
  let credentialPersonId = patientId;
  if (anomaly === 'CREDENTIAL_MISMATCH') {
    const others = (index.familyMembers.get(patient.familyId) ?? []).filter((p) => p.personId !== patient.personId);
    credentialPersonId = others.length ? rng.pick(others).personId : index.patient(rng).personId;
    if (credentialPersonId === patientId) credentialPersonId = `${runId}-FOUND-CARD-${seq}`;
  }
  const credentialKind = rng.weighted<CredentialKind>([
    ['INSURANCE_CARD', 55],
    ['E_VOUCHER', 40],
    ['ID_CARD', 5],
  ]);
  const items = drawItems(rng, merchant.kind);
  const occurredAt = anomaly === 'STALE' ? new Date(now.getTime() - 30 * 3_600_000) : now;
  const chargeId = `${merchant.merchantId}:${terminalId}:${String(seq).padStart(7, '0')}`;
  const charge: ChargeRequested = {
    chargeId,
    merchantId: merchant.merchantId,
    terminalId,
    patientId,
    credential: { kind: credentialKind, personId: credentialPersonId },
    occurredAt: chinaTimestamp(occurredAt),
    items,
    totalFen: items.reduce((s, i) => s + i.amountFen, 0),
  };

  const reversalId = `${merchant.merchantId}:${terminalId}:R${String(seq).padStart(7, '0')}`;
  const r = rng.float();
  const reversal: ChargePlan['reversal'] =
    r < mix.reversalBefore
      ? { when: 'BEFORE_CHARGE', reversalId, reason: 'TIMEOUT', delayMs: 0 }
      : r < mix.reversalBefore + mix.reversalAfter
        ? {
            when: 'AFTER_OUTCOME',
            reversalId,
            reason: rng.chance(0.75) ? 'CUSTOMER_RETURN' : 'OPERATOR_ERROR',
            delayMs: rng.int(200, 3000),
          }
        : null;
  const answer = rng.weighted<AuthorizationAnswer>([
    ['APPROVE', mix.approve],
    ['DECLINE', mix.decline],
    ['NONE', mix.noAnswer],
    ['WALK_AWAY', mix.walkAway],
  ]);
  return {
    seq,
    charge,
    anomaly,
    duplicateAfterMs: reversal?.when !== 'BEFORE_CHARGE' && rng.chance(mix.duplicate) ? rng.int(0, 800) : null,
    conflictAfterMs: rng.chance(mix.conflict) ? rng.int(100, 1500) : null,
    reversal,
    authorization: { answer, delayMs: rng.int(200, 4000) },
  };
}

/** The same chargeId with other content: one more fen on the first line, as a buggy terminal would. */
export function conflictingCopy(charge: ChargeRequested): ChargeRequested {
  const items = charge.items.map((i, n) => (n === 0 ? { ...i, amountFen: i.amountFen + 1 } : i));
  return { ...charge, items, totalFen: charge.totalFen + 1 };
}

function pickMerchant(index: PopulationIndex, rng: Rng, patient: SimPerson, nonDesignated: boolean): SimMerchant {
  const local = index.merchantsByRegion.get(patient.regionCode);
  if (nonDesignated) {
    const shops = local?.other.length ? local.other : index.population.merchants.filter((m) => !m.designated);
    if (shops.length) return rng.pick(shops);
  }
  // Most care is local; some happens while travelling or at a hospital in another city.
  const pool = local && rng.chance(0.9) ? local.designated : index.designatedMerchants;
  const kind = rng.weighted<SimMerchant['kind']>([
    ['PHARMACY', 70],
    ['CLINIC', 22],
    ['HOSPITAL', 8],
  ]);
  const ofKind = pool.filter((m) => m.kind === kind);
  return rng.pick(ofKind.length ? ofKind : pool);
}

function drawItems(rng: Rng, kind: SimMerchant['kind']): ChargeItem[] {
  const count = rng.weighted<number>([
    [1, 30],
    [2, 25],
    [3, 18],
    [4, 10],
    [5, 7],
    [6, 4],
    [7, 3],
    [8, 3],
  ]);
  const chosen: { item: CatalogueItem; fundShare: number }[] = [];
  if (kind !== 'PHARMACY') {
    // A visit: the consultation first, then drugs from the clinic's or hospital's own pharmacy.
    const service = rng.weighted(kind === 'CLINIC' ? CLINIC_SERVICES : HOSPITAL_SERVICES);
    chosen.push({ item: service, fundShare: fundShareFor(rng, service, kind) });
  }
  while (chosen.length < count) {
    const drug = rng.weighted(PHARMACY_ITEMS);
    chosen.push({ item: drug, fundShare: fundShareFor(rng, drug, kind) });
  }
  return chosen.map(({ item, fundShare }, i) => {
    const quantity =
      item.category === 'DRUG'
        ? rng.weighted<number>([
            [1, 70],
            [2, 20],
            [3, 10],
          ])
        : 1;
    const amountFen = rng.int(item.minFen / 10, item.maxFen / 10) * 10 * quantity;
    return {
      lineId: String(i + 1),
      code: item.code,
      name: quantity > 1 ? `${item.name} x${quantity}` : item.name,
      category: item.category,
      inCatalog: item.inCatalog,
      amountFen,
      fundPaidFen: Math.floor((amountFen * fundShare) / 100),
    };
  });
}

/** Percent the pooled fund pays on a line, as computed upstream: outpatient pooling, chronic-disease drugs, day surgery. */
function fundShareFor(rng: Rng, item: CatalogueItem, kind: SimMerchant['kind']): number {
  if (!item.inCatalog) return 0;
  if (item.category === 'INPATIENT_SERVICE') return rng.int(70, 85);
  if (item.category === 'OUTPATIENT_SERVICE') return rng.chance(0.6) ? rng.int(50, 70) : 0;
  if (item.category === 'DRUG') return rng.chance(kind === 'PHARMACY' ? 0.12 : 0.4) ? rng.int(50, 70) : 0;
  return 0;
}
