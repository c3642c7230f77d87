/**
 * When final outcomes were published, for a fault drill to find stalls in: the count per 100 ms
 * bucket of the events' Kafka timestamps (the drill's broker stamps them at append, so the time
 * the service's answer reached the topic), in total and per partition of settlement.events.v1 (events
 * are keyed by patient like the charges, so a partition of answers stalls when the inbound
 * partition of those patients does). Written as JSON lines, one per non-empty bucket:
 *
 *   {"t":1764840000100,"n":31,"p":{"0":3,"5":2},"l":12}
 *
 * `t` is the bucket's start (ms since the epoch), `n` the final outcomes received in it, `p` the
 * same per partition, `l` the longest any of them waited on the topic before the simulator read it
 * (receive time - the event's Kafka timestamp, ms): the simulator's own share of a delay. Pure
 * apart from the caller's file writes.
 */

export const TIMELINE_BUCKET_MS = 100;

export interface TimelineBucket {
  /** Start of the bucket, ms since the epoch. */
  readonly t: number;
  /** Final outcomes received in it. */
  n: number;
  /** Per partition of settlement.events.v1. */
  readonly p: Record<string, number>;
  /** Longest wait on the topic of an outcome of the bucket, ms (absent: not known). */
  l?: number;
}

export class OutcomeTimeline {
  private readonly open = new Map<number, TimelineBucket>();
  total = 0;

  constructor(readonly bucketMs = TIMELINE_BUCKET_MS) {}

  record(epochMs: number, partition: number, lagMs?: number): void {
    const t = Math.floor(epochMs / this.bucketMs) * this.bucketMs;
    let b = this.open.get(t);
    if (!b) {
      b = { t, n: 0, p: {} };
      this.open.set(t, b);
    }
    b.n++;
    b.p[partition] = (b.p[partition] ?? 0) + 1;
    if (lagMs !== undefined && Number.isFinite(lagMs)) b.l = Math.max(b.l ?? 0, Math.max(0, Math.round(lagMs)));
    this.total++;
  }

  /** Buckets that ended before `beforeMs`, oldest first, removed from the timeline. */
  take(beforeMs = Infinity): TimelineBucket[] {
    const done = [...this.open.values()].filter((b) => b.t + this.bucketMs <= beforeMs).sort((a, b) => a.t - b.t);
    for (const b of done) this.open.delete(b.t);
    return done;
  }
}

export function formatBuckets(buckets: readonly TimelineBucket[]): string {
  return buckets.map((b) => JSON.stringify(b) + '\n').join('');
}

/** Reads a timeline file's text; lines that do not parse (a partly written last line) are skipped. */
export function parseTimeline(text: string): TimelineBucket[] {
  const out: TimelineBucket[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const b = JSON.parse(line) as TimelineBucket;
      if (typeof b.t === 'number' && typeof b.n === 'number' && b.p && typeof b.p === 'object') out.push(b);
    } catch {
      // a line still being written
    }
  }
  return mergeSameStart(out.sort((a, b) => a.t - b.t));
}

/** A bucket written twice (an outcome read after its bucket was flushed) counts once, summed. */
function mergeSameStart(sorted: TimelineBucket[]): TimelineBucket[] {
  const out: TimelineBucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (!last || last.t !== b.t) {
      out.push({ ...b, p: { ...b.p } });
      continue;
    }
    last.n += b.n;
    for (const [k, v] of Object.entries(b.p)) last.p[k] = (last.p[k] ?? 0) + v;
    if (b.l !== undefined) last.l = Math.max(last.l ?? 0, b.l);
  }
  return out;
}
