/**
 * The merchants that settle over HTTP, as a hospital's billing system does (contract 1.1 §2):
 * `POST /v1/charges?waitS=N` and `POST /v1/reversals?waitS=N` with the merchant's own token. The
 * answer is the committed outcome (200) or "not final yet" (202); the same events still reach
 * settlement.events.v1, so every other check of the run covers these charges too. Latency here is
 * request sent -> final answer received.
 */
import { ApiClient, ApiError } from './api-client';
import { roleToken, type TokenSigning } from './bureau-token';
import { monotonicMs } from './kafka-io';
import { latencyStats, type LatencyStats } from './latency-stats';
import type { ChargeRequested, ReversalRequested } from './messages';
import type { SimMerchant } from './population-model';
import { Rng } from './prng';

export interface HttpSettlementFigures {
  readonly merchants: number;
  readonly charges: number;
  /** Answered 200 with the final outcome within waitS. */
  readonly final: number;
  /** Answered 202 (RECEIVED / PENDING_AUTHORIZATION): the outcome came later on the topic. */
  readonly pending: number;
  readonly reversals: number;
  /** Requests that failed (4xx, or no answer after the client's retries). */
  readonly failed: number;
  readonly errors: readonly string[];
  readonly latency: LatencyStats;
}

/** Hospitals always (their billing systems call the insurer over HTTP), other merchants by `share`. */
export function pickHttpMerchants(merchants: readonly SimMerchant[], share: number, seed: number): Set<string> {
  if (share <= 0) return new Set();
  const rng = new Rng(seed).fork('http-merchants');
  return new Set(merchants.filter((m) => m.kind === 'HOSPITAL' || rng.chance(share)).map((m) => m.merchantId));
}

export class HttpSettlement {
  private readonly clients = new Map<string, ApiClient>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly latencies: number[] = [];
  private charges = 0;
  private final = 0;
  private pending = 0;
  private reversals = 0;
  private failed = 0;
  private readonly errors: string[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly signing: TokenSigning,
    readonly merchantIds: ReadonlySet<string>,
    private readonly waitS = 10,
  ) {}

  handles(merchantId: string): boolean {
    return this.merchantIds.has(merchantId);
  }

  /** Sends a charge; `onSent` gets the monotonic time the request left (the "produced" time). */
  charge(charge: ChargeRequested, onSent?: (at: number) => void): void {
    const at = monotonicMs();
    onSent?.(at);
    this.charges++;
    this.track(
      this.client(charge.merchantId)
        .request<{ status?: string }>('POST', `/v1/charges?waitS=${this.waitS}`, charge, { idempotent: true })
        .then((res) => {
          if (res.status === 200) {
            this.final++;
            this.latencies.push(monotonicMs() - at);
          } else this.pending++;
        }),
    );
  }

  reversal(reversal: ReversalRequested): void {
    this.reversals++;
    this.track(
      this.client(reversal.merchantId).request('POST', `/v1/reversals?waitS=${this.waitS}`, reversal, {
        idempotent: true,
      }),
    );
  }

  /** Waits for every request still out. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  figures(): HttpSettlementFigures {
    return {
      merchants: this.merchantIds.size,
      charges: this.charges,
      final: this.final,
      pending: this.pending,
      reversals: this.reversals,
      failed: this.failed,
      errors: this.errors,
      latency: latencyStats(this.latencies),
    };
  }

  private client(merchantId: string): ApiClient {
    let c = this.clients.get(merchantId);
    if (!c) {
      // A billing system sends the same charge again when an answer does not come: the service
      // answers a re-sent chargeId (same bytes) with the same outcome, so POST is safe to repeat.
      c = new ApiClient(
        this.apiUrl,
        roleToken(this.signing, 'merchant', merchantId),
        (this.waitS + 20) * 1000,
        120_000,
      );
      this.clients.set(merchantId, c);
    }
    return c;
  }

  private track(p: Promise<unknown>): void {
    const done: Promise<void> = p.then(
      () => undefined,
      (err: unknown) => {
        this.failed++;
        if (this.errors.length < 5) this.errors.push(err instanceof ApiError ? err.message : String(err));
      },
    );
    const tracked = done.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
