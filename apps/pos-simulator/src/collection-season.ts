/**
 * Plays the collection season next to the charges: sends the planned contribution requests over
 * Kafka (mutualaid.contribution-requests.v1, key holderId) or POST /v1/contributions with the
 * holder's own token, follows their answers on settlement.events.v1, then tries what must be
 * refused once something is paid (the same beneficiary, scheme and period again: ALREADY_PAID;
 * a paid contributionId with other content: DUPLICATE_CONFLICT) and has the bureau refund one.
 */
import { ApiClient, ApiError } from './api-client';
import { roleToken, type TokenSigning } from './bureau-token';
import type { BatchingProducer } from './kafka-io';
import { TOPICS } from './messages';
import type { SettlementEvent } from './outcome-tracker';
import {
  alreadyPaidCopy,
  conflictingContribution,
  type ContributionBody,
  type PlannedContribution,
} from './season-plan';

export interface ContributionAnswer {
  readonly type: string;
  readonly code: string | null;
  readonly balanceAfterFen: number | null;
}

export interface SeasonReport {
  readonly planned: number;
  readonly sentKafka: number;
  readonly sentHttp: number;
  /** Requests with an answer on the topic / without. */
  readonly answered: number;
  readonly unanswered: number;
  readonly paid: number;
  readonly rejectedByCode: Record<string, number>;
  /** Answers other than expected (a PAID one refused for money spent meanwhile is allowed, and counted apart). */
  readonly unexpected: readonly string[];
  readonly paidButSpentMeanwhile: number;
  /** Paid contributions whose balance after fell below the holder's reserve. */
  readonly belowReserve: readonly string[];
  /** HTTP answers that disagree with the event. */
  readonly httpDisagreements: number;
  readonly refund: { contributionId: string; ok: boolean; detail: string } | null;
  readonly paidContributionIds: readonly string[];
  /** Answers from another service instance on the shared topics, ignored. */
  readonly foreignAnswers: number;
}

export class CollectionSeason {
  private readonly answers = new Map<string, ContributionAnswer>();
  private readonly seen = new Set<string>();
  private readonly http = new Map<string, { status: number; code: string | null }>();
  private readonly planned = new Map<string, PlannedContribution>();
  private readonly inFlight = new Set<Promise<void>>();
  private refunded: SettlementEvent | null = null;
  private sentKafka = 0;
  /** Answers from another service instance on the shared topics, ignored. */
  foreignAnswers = 0;
  private sentHttp = 0;
  private readonly unexpected: string[] = [];

  constructor(
    private readonly plan: readonly PlannedContribution[],
    private readonly producer: BatchingProducer,
    private readonly apiUrl: string,
    private readonly signing: TokenSigning,
    private readonly bureau: ApiClient,
    /** The holders' fixed reserves (fen), for the "never below the reserve" check. */
    private readonly reserveOf: (holderId: string) => number,
  ) {}

  /** Takes a contribution event of this run (called by the events consumer). */
  ingest(e: SettlementEvent): void {
    if (!e.type.startsWith('contribution.')) return;
    const reason = e.data.reason as { code?: string } | undefined;
    const code = typeof reason?.code === 'string' ? reason.code : null;
    // Event ids are derived from what they answer: another instance's answer to the same request
    // may carry the id of this service's; only the same id, type and code is a redelivery.
    const seenKey = `${e.id}|${e.type}|${code ?? ''}`;
    if (this.seen.has(seenKey)) return;
    this.seen.add(seenKey);
    if (e.type === 'contribution.refunded') {
      this.refunded = e;
      return;
    }
    // Another service instance on the shared broker (another database) does not know this run's
    // persons; the service under test registered them all, so it never answers so.
    if (code === 'UNKNOWN_PERSON' && this.planned.has(e.subject)) {
      this.foreignAnswers++;
      return;
    }
    // A conflicting re-use of a paid id is answered on the same subject; it does not replace the outcome.
    if (code === 'DUPLICATE_CONFLICT' && this.answers.has(e.subject)) return;
    if (this.answers.has(e.subject)) return;
    this.answers.set(e.subject, {
      type: e.type,
      code,
      balanceAfterFen: typeof e.data.balanceAfterFen === 'number' ? e.data.balanceAfterFen : null,
    });
  }

  /** Sends the plan evenly over `spreadMs`, then waits up to `answerWaitMs` for the answers. */
  async run(spreadMs: number, answerWaitMs: number): Promise<void> {
    const started = Date.now();
    for (let i = 0; i < this.plan.length; i++) {
      const due = started + (spreadMs * i) / Math.max(1, this.plan.length);
      if (due > Date.now()) await sleep(due - Date.now());
      this.send(this.plan[i]);
    }
    await this.waitForAnswers(answerWaitMs);
  }

  /** After the first round: ALREADY_PAID and DUPLICATE_CONFLICT tries, and one refund by the bureau. */
  async afterwards(answerWaitMs: number): Promise<void> {
    const paid = this.plan.filter((p) => this.answers.get(p.body.contributionId)?.type === 'contribution.paid');
    for (const [i, p] of paid.slice(0, 2).entries()) {
      this.send({
        body: alreadyPaidCopy(p.body, 'again'),
        channel: i === 0 ? 'KAFKA' : 'HTTP',
        expect: 'ALREADY_PAID',
      });
    }
    const conflict = paid[2];
    if (conflict) {
      // Over HTTP: the answer is the 422 itself (the event shares the original's subject).
      const body = conflictingContribution(conflict.body);
      this.sentHttp++;
      try {
        await this.holderClient(body.holderId).request('POST', '/v1/contributions', body);
        this.unexpected.push(`${body.contributionId} conflicting copy: accepted`);
      } catch (err) {
        const code = err instanceof ApiError ? err.code : null;
        this.http.set(`${body.contributionId}#conflict`, { status: err instanceof ApiError ? err.status : 0, code });
        if (code !== 'DUPLICATE_CONFLICT') this.unexpected.push(`${body.contributionId} conflicting copy: ${code}`);
      }
    }
    await this.waitForAnswers(answerWaitMs);
    const refundable = paid[3] ?? paid[0];
    if (refundable) this.refundTarget = refundable.body;
    if (this.refundTarget) {
      const id = this.refundTarget.contributionId;
      try {
        const res = await this.bureau.request<{ amountFen?: number }>(
          'POST',
          `/v1/contributions/${encodeURIComponent(id)}/refunds`,
          { refundId: `${id}-RF`, reason: 'collected twice by the tax bureau' },
          { idempotent: true },
        );
        this.refundAnswer = { status: res.status, amountFen: res.body.amountFen ?? null };
      } catch (err) {
        this.refundAnswer = { status: err instanceof ApiError ? err.status : 0, amountFen: null };
      }
      const deadline = Date.now() + answerWaitMs;
      while (!this.refunded && Date.now() < deadline) await sleep(200);
    }
  }

  private refundTarget: ContributionBody | null = null;
  private refundAnswer: { status: number; amountFen: number | null } | null = null;

  report(): SeasonReport {
    const rejectedByCode: Record<string, number> = {};
    let paid = 0;
    let spentMeanwhile = 0;
    let httpDisagreements = 0;
    const belowReserve: string[] = [];
    const unexpected = [...this.unexpected];
    const paidIds: string[] = [];
    for (const p of this.planned.values()) {
      const id = p.body.contributionId;
      const a = this.answers.get(id);
      if (!a) continue;
      if (a.type === 'contribution.paid') {
        paid++;
        paidIds.push(id);
        if (a.balanceAfterFen !== null && a.balanceAfterFen < this.reserveOf(p.body.holderId)) {
          belowReserve.push(`${id}: ${a.balanceAfterFen} < reserve ${this.reserveOf(p.body.holderId)}`);
        }
      } else rejectedByCode[a.code ?? 'UNKNOWN'] = (rejectedByCode[a.code ?? 'UNKNOWN'] ?? 0) + 1;
      const got = a.type === 'contribution.paid' ? 'PAID' : a.code;
      if (got !== p.expect) {
        if (p.expect === 'PAID' && got === 'INSUFFICIENT_BALANCE') spentMeanwhile++;
        else unexpected.push(`${id}: ${got}, expected ${p.expect}`);
      }
      const h = this.http.get(id);
      if (h && (h.status === 201 ? 'PAID' : h.code) !== got) httpDisagreements++;
    }
    const conflicts = [...this.http.keys()].filter((k) => k.endsWith('#conflict'));
    for (const k of conflicts) {
      const code = this.http.get(k)?.code ?? 'UNKNOWN';
      rejectedByCode[code] = (rejectedByCode[code] ?? 0) + 1;
    }
    let refund: SeasonReport['refund'] = null;
    if (this.refundTarget) {
      const id = this.refundTarget.contributionId;
      const paidAnswer = this.answers.get(id);
      const amount = this.refundTarget.amountFen;
      const ok =
        paidAnswer?.type === 'contribution.paid' &&
        this.refundAnswer?.status === 201 &&
        this.refundAnswer.amountFen === amount &&
        this.refunded !== null &&
        this.refunded.subject === id &&
        this.refunded.data.amountFen === amount;
      refund = {
        contributionId: id,
        ok,
        detail:
          `${id}: POST refunds ${this.refundAnswer?.status ?? '-'}, ${this.refundAnswer?.amountFen ?? '-'} fen back ` +
          `(paid ${amount}), contribution.refunded ${this.refunded ? 'seen' : 'not seen'}`,
      };
    }
    const answered = [...this.planned.keys()].filter((id) => this.answers.has(id)).length;
    return {
      planned: this.planned.size,
      sentKafka: this.sentKafka,
      sentHttp: this.sentHttp,
      answered,
      unanswered: this.planned.size - answered,
      paid,
      rejectedByCode,
      unexpected,
      paidButSpentMeanwhile: spentMeanwhile,
      belowReserve,
      httpDisagreements,
      refund,
      paidContributionIds: paidIds,
      foreignAnswers: this.foreignAnswers,
    };
  }

  /** The holder who paid a planned contribution. */
  holderOf(contributionId: string): string | undefined {
    return this.planned.get(contributionId)?.body.holderId;
  }

  /** Waits for every request still out over HTTP. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async waitForAnswers(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    await this.settle();
    while (Date.now() < deadline && [...this.planned.keys()].some((id) => !this.answers.has(id))) await sleep(200);
  }

  private send(p: PlannedContribution): void {
    this.planned.set(p.body.contributionId, p);
    if (p.channel === 'KAFKA') {
      this.sentKafka++;
      this.producer.send(TOPICS.contributionRequests, p.body.holderId, JSON.stringify(p.body));
      return;
    }
    this.sentHttp++;
    const id = p.body.contributionId;
    const done: Promise<void> = this.holderClient(p.body.holderId)
      // Idempotent by contributionId (same content, same answer): safe to send again after a timeout.
      .request('POST', '/v1/contributions', p.body, { idempotent: true })
      .then(
        (res) => void this.http.set(id, { status: res.status, code: null }),
        (err: unknown) =>
          void this.http.set(id, {
            status: err instanceof ApiError ? err.status : 0,
            code: err instanceof ApiError ? err.code : String(err),
          }),
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private holderClient(holderId: string): ApiClient {
    // The holder pays from their own app: a holder token whose sub is them.
    return new ApiClient(this.apiUrl, roleToken(this.signing, 'holder', holderId), 30_000, 120_000);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
