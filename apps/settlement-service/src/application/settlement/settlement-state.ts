import type { JournalEntry } from '@gongji/domain';
import { OutboxEvent } from '../events/outbox-event';
import { pseudonymize } from '../../observability/pseudonymize';
import {
  AuthorizationRecord,
  BindingRecord,
  ChargeRecord,
  ContributionRecord,
  LegRecord,
  Merchant,
  MutableAccount,
  Person,
  ReversalRecord,
} from './settlement-records';

/**
 * Everything one transaction needs, loaded (and locked) once, then changed in memory message by
 * message, so that a batch gives exactly the results of one-at-a-time processing, and written
 * back with a few set-based statements.
 */
export class SettlementState {
  readonly persons = new Map<string, Person>();
  readonly merchants = new Map<string, Merchant>();
  readonly accounts = new Map<string, MutableAccount>();
  readonly accountIdByPerson = new Map<string, string>();
  /** Non-revoked bindings of each loaded beneficiary, in payment order. */
  readonly bindingsByBeneficiary = new Map<string, BindingRecord[]>();
  readonly bindings = new Map<string, BindingRecord>();
  /** `${bindingId}|${monthKey}` → used fen. */
  readonly bindingUsage = new Map<string, bigint>();
  /** `${holderId}|${monthKey}` → used fen over all the holder's bindings. */
  readonly holderUsage = new Map<string, bigint>();
  readonly charges = new Map<string, ChargeRecord>();
  readonly legsByCharge = new Map<string, LegRecord[]>();
  readonly authorizations = new Map<string, AuthorizationRecord>();
  readonly reversals = new Map<string, ReversalRecord>();
  readonly reversalByCharge = new Map<string, ReversalRecord>();
  readonly contributions = new Map<string, ContributionRecord>();
  /** `${beneficiaryId}|${scheme}|${period}` → the id of the contribution PAID for it. */
  readonly paidContributions = new Map<string, string>();

  // What to write back.
  readonly newCharges = new Set<string>();
  readonly changedCharges = new Set<string>();
  readonly newLegs: LegRecord[] = [];
  private readonly newLegSet = new Set<LegRecord>();
  readonly changedLegs = new Set<LegRecord>();
  readonly newAuthorizations = new Set<string>();
  readonly changedAuthorizations = new Set<string>();
  readonly newReversals = new Set<string>();
  readonly changedReversals = new Set<string>();
  readonly newContributions = new Set<string>();
  readonly changedContributions = new Set<string>();
  readonly changedAccounts = new Set<string>();
  readonly changedUsage = new Set<string>();
  readonly journal: JournalEntry[] = [];
  readonly events: OutboxEvent[] = [];
  /** Answers to conflicting messages: written once per id, ignored if already there. */
  readonly conflictEvents: OutboxEvent[] = [];
  readonly offsets = new Map<string, { topic: string; partition: number; nextOffset: bigint }>();

  /**
   * After a write took what to write (a long batch is written in parts): what changes from here on
   * is the next write's. A record written before and changed again is then written as a change,
   * because every mark (markChargeChanged and the others below) asks whether the record is new
   * in the current part.
   */
  forgetWritten(): void {
    for (const written of [
      this.newCharges,
      this.changedCharges,
      this.newLegSet,
      this.changedLegs,
      this.newAuthorizations,
      this.changedAuthorizations,
      this.newReversals,
      this.changedReversals,
      this.newContributions,
      this.changedContributions,
      this.changedAccounts,
      this.changedUsage,
    ])
      written.clear();
    this.newLegs.length = 0;
    this.journal.length = 0;
    this.events.length = 0;
    this.conflictEvents.length = 0;
    // The offsets stay: every part writes them all (never backwards), the last one the final ones.
  }

  account(accountId: string): MutableAccount {
    const a = this.accounts.get(accountId);
    if (!a) throw new Error(`account ${pseudonymize(accountId)} was not loaded for this batch`);
    return a;
  }

  accountOf(personId: string): MutableAccount | null {
    const id = this.accountIdByPerson.get(personId);
    return id ? this.account(id) : null;
  }

  bindingUsed(bindingId: string, monthKey: string): bigint {
    return this.bindingUsage.get(`${bindingId}|${monthKey}`) ?? 0n;
  }

  holderUsed(holderId: string, monthKey: string): bigint {
    return this.holderUsage.get(`${holderId}|${monthKey}`) ?? 0n;
  }

  /** Adds (or with a negative amount frees) usage of a binding and its holder's total. */
  addUsage(bindingId: string, holderId: string, monthKey: string, amountFen: bigint): void {
    const bKey = `${bindingId}|${monthKey}`;
    const hKey = `${holderId}|${monthKey}`;
    const b = this.bindingUsed(bindingId, monthKey) + amountFen;
    const h = this.holderUsed(holderId, monthKey) + amountFen;
    if (b < 0n || h < 0n) throw new Error(`usage of binding ${bindingId} would go below zero in ${monthKey}`);
    this.bindingUsage.set(bKey, b);
    this.holderUsage.set(hKey, h);
    this.changedUsage.add(bKey);
  }

  /** Moves money on an account; the database CHECKs catch what this would miss. */
  changeAccount(accountId: string, change: { balanceFen?: bigint; heldFen?: bigint }): MutableAccount {
    const a = this.account(accountId);
    const balance = a.balanceFen + (change.balanceFen ?? 0n);
    const held = a.heldFen + (change.heldFen ?? 0n);
    if (balance < 0n || held < 0n || held > balance) {
      throw new Error(
        `account ${pseudonymize(accountId)} would break its invariants (balance ${balance}, held ${held})`,
      );
    }
    a.balanceFen = balance;
    a.heldFen = held;
    this.changedAccounts.add(accountId);
    return a;
  }

  putNewCharge(record: ChargeRecord): void {
    this.charges.set(record.chargeId, record);
    this.newCharges.add(record.chargeId);
  }

  markChargeChanged(chargeId: string): void {
    if (!this.newCharges.has(chargeId)) this.changedCharges.add(chargeId);
  }

  markAuthorizationChanged(id: string): void {
    if (!this.newAuthorizations.has(id)) this.changedAuthorizations.add(id);
  }

  addLeg(leg: LegRecord): void {
    const list = this.legsByCharge.get(leg.chargeId) ?? [];
    list.push(leg);
    this.legsByCharge.set(leg.chargeId, list);
    this.newLegs.push(leg);
    this.newLegSet.add(leg);
  }

  setLegStatus(leg: LegRecord, status: LegRecord['status']): void {
    leg.status = status;
    if (!this.newLegSet.has(leg)) this.changedLegs.add(leg);
  }

  recordOffset(topic: string, partition: number, offset: string): void {
    const next = BigInt(offset) + 1n;
    const key = `${topic}|${partition}`;
    const cur = this.offsets.get(key);
    if (!cur || cur.nextOffset < next) this.offsets.set(key, { topic, partition, nextOffset: next });
  }

  markReversalChanged(reversalId: string): void {
    if (!this.newReversals.has(reversalId)) this.changedReversals.add(reversalId);
  }

  putNewContribution(record: ContributionRecord): void {
    this.contributions.set(record.contributionId, record);
    this.newContributions.add(record.contributionId);
  }

  markContributionChanged(contributionId: string): void {
    if (!this.newContributions.has(contributionId)) this.changedContributions.add(contributionId);
  }
}

/** The key of "one paid contribution per beneficiary, scheme and period". */
export function paidContributionKey(beneficiaryId: string, scheme: string, period: string): string {
  return `${beneficiaryId}|${scheme}|${period}`;
}
