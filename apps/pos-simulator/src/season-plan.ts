/**
 * The collection season (contract 1.1 §1, 代缴): part of the population's employee holders pay
 * their relatives' contributions for next year. What each request should come to is predicted
 * with the domain's own rule (decideContribution over the built-in region policies), so the plan
 * holds both what a region allows (Shanxi: spouse, parents, children; resident medical, long-term
 * care and the large-expense supplement; Shaanxi: resident medical within the city; national:
 * resident medical) and, on purpose, a few requests each refusal code must answer. Pure.
 */
import {
  BUILT_IN_POLICY_BOOK,
  chinaDate,
  decideContribution,
  type Account,
  type ContributionScheme,
  type Person,
  type Relationship,
} from '@gongji/domain';
import { chinaTimestamp } from './china-time';
import { domainAccount, relationshipBetween } from './population';
import type { Population, SimPerson } from './population-model';
import { Rng } from './prng';

export interface ContributionBody {
  contributionId: string;
  holderId: string;
  beneficiaryId: string;
  relationship: Relationship;
  scheme: ContributionScheme;
  period: string;
  amountFen: number;
  payeeId: string;
  requestedAt: string;
}

export type Channel = 'KAFKA' | 'HTTP';

export interface PlannedContribution {
  readonly body: ContributionBody;
  readonly channel: Channel;
  /**
   * PAID, or the code it must be refused with. A PAID one may still meet INSUFFICIENT_BALANCE:
   * the holder's relatives spend from the same account while the season runs.
   */
  readonly expect: string;
}

/** What a year of each scheme costs a resident (fen); the resident medical one is about 400 yuan. */
export const SCHEME_FEN: Record<ContributionScheme, number> = {
  RESIDENT_MEDICAL: 40_000,
  LONG_TERM_CARE: 9_000,
  SUPPLEMENTARY_MEDICAL: 6_000,
  COMMERCIAL_HEALTH: 30_000,
};

export interface SeasonOptions {
  readonly seed: number;
  /** Share of employee holders who pay their relatives' contributions this season. */
  readonly share: number;
  readonly now: Date;
  /** Requests planned per refusal code at most. */
  readonly refusalsPerCode?: number;
}

function domainPerson(p: SimPerson): Person {
  return {
    personId: p.personId,
    regionCode: p.regionCode,
    insuranceType: p.insuranceType,
    enrollmentStatus: p.enrollmentStatus,
    fraudRecordAt: p.fraudRecordAt,
  };
}

export function planSeason(population: Population, opts: SeasonOptions): PlannedContribution[] {
  const rng = new Rng(opts.seed).fork('season');
  const period = String(Number(chinaDate(opts.now).slice(0, 4)) + 1);
  const perCode = opts.refusalsPerCode ?? 2;
  const byId = new Map(population.persons.map((p) => [p.personId, p]));
  const claimed = new Set<string>();
  const paid: PlannedContribution[] = [];
  const refusals = new Map<string, PlannedContribution[]>();
  let serial = 0;

  const predict = (holder: SimPerson, beneficiary: SimPerson, rel: Relationship, scheme: ContributionScheme) => {
    const body: ContributionBody = {
      contributionId: `${population.runId}-CT${String(serial++).padStart(5, '0')}`,
      holderId: holder.personId,
      beneficiaryId: beneficiary.personId,
      relationship: rel,
      scheme,
      period,
      amountFen: SCHEME_FEN[scheme],
      payeeId: `TAX-${holder.regionCode.slice(0, 4)}`,
      requestedAt: chinaTimestamp(opts.now),
    };
    const decision = decideContribution({
      request: { ...body, amountFen: BigInt(body.amountFen), requestedAt: opts.now },
      holder: domainPerson(holder),
      holderAccount: domainAccount(holder),
      beneficiary: domainPerson(beneficiary),
      alreadyPaid: false,
      now: opts.now,
      policies: BUILT_IN_POLICY_BOOK,
    });
    return { body, code: decision.kind === 'PAID' ? 'PAID' : decision.code };
  };
  const channel = (): Channel => (rng.chance(0.5) ? 'KAFKA' : 'HTTP');
  const refuse = (code: string, c: PlannedContribution) => {
    const list = refusals.get(code) ?? [];
    if (list.length < perCode) list.push(c);
    refusals.set(code, list);
  };

  for (const family of population.families) {
    const members = family.memberIds.map((id) => byId.get(id) as SimPerson);
    for (const holder of members) {
      const payer = holder.insuranceType === 'EMPLOYEE' && rng.chance(opts.share);
      for (const beneficiary of members) {
        if (beneficiary === holder || beneficiary.insuranceType === 'EMPLOYEE') continue;
        const rel = relationshipBetween(holder, beneficiary);
        if (rel === null) continue;
        for (const scheme of ['RESIDENT_MEDICAL', 'LONG_TERM_CARE', 'SUPPLEMENTARY_MEDICAL'] as const) {
          const { body, code } = predict(holder, beneficiary, rel, scheme);
          const key = `${body.beneficiaryId} ${scheme} ${period}`;
          if (code === 'PAID' && payer && !claimed.has(key)) {
            const account = domainAccount(holder) as Account;
            // Only what the holder can afford with room to spare; the rest would be refused for money.
            if (account.balanceFen - account.reserveFen < BigInt(body.amountFen * 3)) continue;
            claimed.add(key);
            paid.push({ body, channel: channel(), expect: 'PAID' });
          } else if (code !== 'PAID' && rng.chance(0.3)) {
            // Refused for money only if nobody pays it first (ALREADY_PAID is checked before the
            // balance), and then nobody else is planned to pay it.
            if (code === 'INSUFFICIENT_BALANCE') {
              if (claimed.has(key)) continue;
              claimed.add(key);
            }
            refuse(code, { body, channel: channel(), expect: code });
          }
        }
      }
    }
  }
  // More than the account holds: refused for money, whatever else happens meanwhile.
  for (const c of paid.slice(0, perCode)) {
    const holder = byId.get(c.body.holderId) as SimPerson;
    const all = holder.credits.reduce((s, x) => s + x.amountFen, 0);
    const { body } = predict(holder, byId.get(c.body.beneficiaryId) as SimPerson, c.body.relationship, c.body.scheme);
    refuse('INSUFFICIENT_BALANCE', {
      body: { ...body, period: `${period}-01`, amountFen: all + 100 },
      channel: channel(),
      expect: 'INSUFFICIENT_BALANCE',
    });
  }
  return rng.shuffle([...paid, ...[...refusals.values()].flat()]);
}

/** A second request for a contribution already planned to be paid: another id, the same beneficiary, scheme and period. */
export function alreadyPaidCopy(c: ContributionBody, suffix: string): ContributionBody {
  return { ...c, contributionId: `${c.contributionId}-${suffix}` };
}

/** The same contributionId with other content (another amount): DUPLICATE_CONFLICT. */
export function conflictingContribution(c: ContributionBody): ContributionBody {
  return { ...c, amountFen: c.amountFen + 100 };
}
