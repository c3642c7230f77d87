/**
 * Follows what the service answered on settlement.events.v1 for the charges this run sent:
 * de-duplicates events by their id (a re-sent outcome keeps its id), tells the caller when
 * something needs a reaction (an authorization request, a final outcome, a reversal), and keeps
 * what the summary and the "exactly one final outcome" check need. Pure: no I/O, no clock.
 *
 * The topics are shared: another settlement service instance on the same broker (a test run, a
 * developer's service on another database) consumes this run's charges too and publishes its own
 * answers, e.g. UNKNOWN_MERCHANT. Those are not the answers of the service under test. An
 * `isForeign` rule drops the recognisable ones as they arrive; what stays ambiguous (two final
 * outcomes for one charge, two answers to one reversal) is settled afterwards against the event
 * ids in the service's own outbox (`ambiguousEventIds` / `resolveAmbiguities`).
 */

export interface SettlementEvent {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  /** When the service decided (its transaction's clock), ISO 8601. */
  readonly time?: string;
  readonly data: Record<string, unknown>;
}

export interface ChargeTrack {
  readonly chargeId: string;
  /** When the charge was first produced (ms, caller's clock); null while held back. */
  producedAt: number | null;
  /** When the first answer (settled, rejected or authorization-requested) was consumed. */
  firstAnswerAt: number | null;
  /** Answer events (final or authorization-requested) with the time each was consumed. */
  answers: { id: string; at: number }[];
  /** Distinct final outcome events (charge.settled / charge.rejected other than DUPLICATE_CONFLICT). */
  finals: SettlementEvent[];
  /** DUPLICATE_CONFLICT answers to a re-used chargeId. */
  conflictAnswers: number;
  authorization: { authorizationId: string; holderId: string; requestedFen: number; expiresAt: string } | null;
  /** charge.reversed events (normally at most one). */
  reversals: { id: string; reversalId: string; originalStatus: string; reversedFen: number; reversedAt?: string }[];
  /** Events about it dropped as another instance's ("charge.rejected UNKNOWN_PATIENT"), for a drill's trace. */
  foreign: string[];
}

export type ReversalOutcome =
  { type: 'charge.reversed'; originalStatus: string } | { type: 'reversal.rejected'; code: string };

export interface ReversalTrack {
  readonly reversalId: string;
  readonly chargeId: string;
  /** Distinct answers (normally exactly one). */
  outcomes: { id: string; outcome: ReversalOutcome }[];
}

export type TrackerNotice =
  | { kind: 'final'; chargeId: string; event: SettlementEvent }
  | { kind: 'authorization-requested'; chargeId: string; authorizationId: string; holderId: string; expiresAt: string }
  | { kind: 'reversed'; chargeId: string; reversalId: string; originalStatus: string }
  | { kind: 'reversal-rejected'; reversalId: string; code: string };

export interface TrackerOptions {
  /** Recognises answers of another service instance on the shared topics; they are dropped. */
  readonly isForeign?: (e: SettlementEvent) => boolean;
}

export function isFinalOutcome(e: SettlementEvent): boolean {
  if (e.type === 'charge.settled') return true;
  return e.type === 'charge.rejected' && reasonCode(e) !== 'DUPLICATE_CONFLICT';
}

export function reasonCode(e: SettlementEvent): string | null {
  const reason = e.data.reason as { code?: unknown } | undefined;
  return typeof reason?.code === 'string' ? reason.code : null;
}

export class OutcomeTracker {
  readonly charges = new Map<string, ChargeTrack>();
  readonly reversals = new Map<string, ReversalTrack>();
  private readonly seen = new Set<string>();
  /** Events delivered again with an id already seen (the outbox re-sends after a crash). */
  redeliveredEvents = 0;
  /** Answers to this run's messages from another service instance, dropped. */
  foreignEvents = 0;
  /** Events of this run's charges of a type the tracker does not follow. */
  unexpectedEvents = 0;
  /** Charges with a first answer so far. */
  answered = 0;

  constructor(private readonly opts: TrackerOptions = {}) {}

  expectCharge(chargeId: string, producedAt: number | null): ChargeTrack {
    let track = this.charges.get(chargeId);
    if (!track) {
      track = {
        chargeId,
        producedAt,
        firstAnswerAt: null,
        answers: [],
        finals: [],
        conflictAnswers: 0,
        authorization: null,
        reversals: [],
        foreign: [],
      };
      this.charges.set(chargeId, track);
    } else if (track.producedAt === null) {
      track.producedAt = producedAt;
    }
    return track;
  }

  markProduced(chargeId: string, at: number): void {
    const track = this.charges.get(chargeId);
    if (track && track.producedAt === null) track.producedAt = at;
  }

  expectReversal(reversalId: string, chargeId: string): void {
    if (!this.reversals.has(reversalId)) this.reversals.set(reversalId, { reversalId, chargeId, outcomes: [] });
  }

  /** Takes one consumed event; returns what the caller may need to react to, or null. */
  ingest(e: SettlementEvent, receivedAt: number): TrackerNotice | null {
    if (e.type === 'reversal.rejected') return this.ingestReversalRejected(e);
    const track = this.charges.get(e.subject);
    if (!track) return null; // someone else's charge (the topics are shared)
    if (this.opts.isForeign?.(e)) {
      this.foreignEvents++;
      track.foreign.push(`${e.type} ${reasonCode(e) ?? ''}`.trim());
      return null;
    }
    // Event ids are derived from what they answer: another instance's charge.reversed for the same
    // reversal (NOT_RECEIVED: it never had the charge) carries the same id as this service's
    // (SETTLED). Not a redelivery: both are kept and told apart against the outbox afterwards.
    const seenKey = e.type === 'charge.reversed' ? `${e.id}|${String(e.data.originalStatus)}` : e.id;
    if (this.seen.has(seenKey)) {
      this.redeliveredEvents++;
      return null;
    }
    this.seen.add(seenKey);
    switch (e.type) {
      case 'charge.settled':
      case 'charge.rejected': {
        if (!isFinalOutcome(e)) {
          track.conflictAnswers++;
          return null;
        }
        this.answer(track, e.id, receivedAt);
        track.finals.push(e);
        return { kind: 'final', chargeId: track.chargeId, event: e };
      }
      case 'charge.authorization-requested': {
        this.answer(track, e.id, receivedAt);
        const d = e.data;
        track.authorization = {
          authorizationId: String(d.authorizationId),
          holderId: String(d.holderId),
          requestedFen: Number(d.requestedFen),
          expiresAt: String(d.expiresAt),
        };
        return {
          kind: 'authorization-requested',
          chargeId: track.chargeId,
          authorizationId: track.authorization.authorizationId,
          holderId: track.authorization.holderId,
          expiresAt: track.authorization.expiresAt,
        };
      }
      case 'charge.reversed': {
        const reversalId = String(e.data.reversalId);
        const originalStatus = String(e.data.originalStatus);
        track.reversals.push({
          id: e.id,
          reversalId,
          originalStatus,
          reversedFen: Number(e.data.reversedFen ?? 0),
          reversedAt: typeof e.data.reversedAt === 'string' ? e.data.reversedAt : undefined,
        });
        this.reversals
          .get(reversalId)
          ?.outcomes.push({ id: e.id, outcome: { type: 'charge.reversed', originalStatus } });
        return { kind: 'reversed', chargeId: track.chargeId, reversalId, originalStatus };
      }
      default:
        this.unexpectedEvents++;
        return null;
    }
  }

  /** Charges produced that have no final outcome yet. */
  awaitingFinal(): ChargeTrack[] {
    return [...this.charges.values()].filter((c) => c.finals.length === 0);
  }

  /** Whether every produced charge has its final outcome and every reversal its answer. */
  complete(): boolean {
    for (const c of this.charges.values()) if (c.finals.length === 0) return false;
    for (const r of this.reversals.values()) if (r.outcomes.length === 0) return false;
    return true;
  }

  /** Ids of the events of charges with several final outcomes or reversals with several answers. */
  ambiguousEventIds(): string[] {
    const ids: string[] = [];
    for (const c of this.charges.values()) {
      if (c.finals.length > 1) ids.push(...c.finals.map((e) => e.id));
      if (c.reversals.length > 1) ids.push(...c.reversals.map((r) => r.id));
    }
    for (const r of this.reversals.values()) if (r.outcomes.length > 1) ids.push(...r.outcomes.map((o) => o.id));
    return [...new Set(ids)];
  }

  /**
   * Keeps, where a charge or reversal has several answers, those the service under test wrote
   * (`own`: ids found in its outbox) and drops the others as foreign. When none or all of them are
   * its own, nothing is dropped: the ambiguity stays and the checks report it.
   */
  resolveAmbiguities(own: ReadonlySet<string>, ownReversalStatus?: ReadonlyMap<string, string>): number {
    let dropped = 0;
    const keep = <T>(list: T[], id: (x: T) => string, status?: (x: T) => string | null): T[] => {
      if (list.length < 2) return list;
      const mine = list.filter((x) => {
        if (!own.has(id(x))) return false;
        // The same id from two instances: the outbox says which original status was this service's.
        const s = status?.(x) ?? null;
        const ours = ownReversalStatus?.get(id(x));
        return s === null || ours === undefined || s === ours;
      });
      if (mine.length === 0 || mine.length === list.length) return list;
      dropped += list.length - mine.length;
      return mine;
    };
    for (const c of this.charges.values()) {
      const finals = keep(c.finals, (e) => e.id);
      if (finals !== c.finals) {
        const gone = new Set(c.finals.filter((e) => !finals.includes(e)).map((e) => e.id));
        c.finals = finals;
        c.answers = c.answers.filter((a) => !gone.has(a.id));
        c.firstAnswerAt = c.answers.length ? Math.min(...c.answers.map((a) => a.at)) : null;
      }
      c.reversals = keep(
        c.reversals,
        (r) => r.id,
        (r) => r.originalStatus,
      );
    }
    for (const r of this.reversals.values()) {
      r.outcomes = keep(
        r.outcomes,
        (o) => o.id,
        (o) => (o.outcome.type === 'charge.reversed' ? o.outcome.originalStatus : null),
      );
    }
    this.foreignEvents += dropped;
    return dropped;
  }

  private answer(track: ChargeTrack, id: string, at: number): void {
    track.answers.push({ id, at });
    if (track.firstAnswerAt === null) {
      track.firstAnswerAt = at;
      this.answered++;
    }
  }

  private ingestReversalRejected(e: SettlementEvent): TrackerNotice | null {
    const reversalId = String(e.data.reversalId);
    const r = this.reversals.get(reversalId);
    if (!r) return null;
    if (this.opts.isForeign?.(e)) {
      this.foreignEvents++;
      return null;
    }
    if (this.seen.has(e.id)) {
      this.redeliveredEvents++;
      return null;
    }
    this.seen.add(e.id);
    const code = reasonCode(e) ?? 'UNKNOWN';
    r.outcomes.push({ id: e.id, outcome: { type: 'reversal.rejected', code } });
    return { kind: 'reversal-rejected', reversalId, code };
  }
}

/**
 * The usual foreign answer: a service instance with another database calls this run's registered
 * merchants or patients unknown. The service under test, which registered them, never does.
 */
export function unknownToAnotherInstance(
  merchantIds: ReadonlySet<string>,
  personIds: ReadonlySet<string>,
): (e: SettlementEvent) => boolean {
  return (e) => {
    if (e.type !== 'charge.rejected') return false;
    const code = reasonCode(e);
    if (code === 'UNKNOWN_MERCHANT') return merchantIds.has(String(e.data.merchantId));
    if (code === 'UNKNOWN_PATIENT') return personIds.has(String(e.data.patientId));
    return false;
  };
}
