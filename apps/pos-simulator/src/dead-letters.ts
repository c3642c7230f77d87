/**
 * Poison messages and what became of them. A poison message is what a broken terminal might send
 * to `pos.charges.v1`: bytes that are not JSON (a few are not even UTF-8). The contract says each
 * goes to `pos.charges.v1.dlq` under its original key, its bytes untouched, with an
 * `x-error-code` header. `DeadLetterWatch` follows the DLQ topics and tells, for every poison
 * message sent, whether it arrived so; and counts the other dead letters (a well-formed message
 * of this run dead-lettered means a charge without its answer). Pure: no I/O.
 */
import type { IHeaders } from 'kafkajs';
import type { Rng } from './prng';

export interface PoisonMessage {
  readonly key: string;
  readonly value: Buffer;
}

/** The n-th poison message of a run: unique bytes, never valid JSON. */
export function poisonMessage(runId: string, n: number, rng: Rng): PoisonMessage {
  const kinds = [
    () => Buffer.from(`<charge id="${runId}-P${n}">not json</charge>`),
    () => Buffer.from(`{"chargeId": "${runId}-P${n}", "totalFen": 35`), // cut off mid-object
    () => Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(`${runId}-P${n}`), Buffer.from([0xc3, 0x28])]),
  ];
  const value = kinds[rng.int(0, kinds.length - 1)]();
  return { key: `${runId}-poison-${n}`, value };
}

export interface DeadLetter {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

export interface DeadLetterReport {
  readonly poisonSent: number;
  /** Arrived on pos.charges.v1.dlq under the original key, bytes untouched, with x-error-code. */
  readonly poisonDeadLettered: number;
  /** Arrived, but with other bytes or another key. */
  readonly poisonAltered: number;
  /** Arrived without an x-error-code header. */
  readonly poisonWithoutErrorCode: number;
  readonly poisonMissing: number;
  /** Poison messages that arrived more than once (allowed: at-least-once). */
  readonly poisonRepeated: number;
  /** Other dead letters, per DLQ topic and x-error-code. */
  readonly others: Record<string, Record<string, number>>;
  /** Of those, messages of this run (their text names the run): answers that never came. */
  readonly othersOfThisRun: number;
}

export class DeadLetterWatch {
  /** Poison by its bytes (base64): key and what arrived. */
  private readonly poison = new Map<string, { key: string; arrivals: number; ok: boolean; hadCode: boolean }>();
  private readonly poisonKeys = new Set<string>();
  private altered = 0;
  private readonly others: Record<string, Record<string, number>> = {};
  private othersOfThisRun = 0;

  constructor(
    private readonly runTag: string,
    private readonly poisonTopic = 'pos.charges.v1.dlq',
  ) {}

  expect(m: PoisonMessage): void {
    this.poison.set(m.value.toString('base64'), { key: m.key, arrivals: 0, ok: false, hadCode: false });
    this.poisonKeys.add(m.key);
  }

  ingest(d: DeadLetter): void {
    if (headerText(d.headers, 'x-drill-probe') !== null) return; // a fault drill's probe write, not a dead letter
    const code = headerText(d.headers, 'x-error-code');
    const p = d.value ? this.poison.get(d.value.toString('base64')) : undefined;
    if (p && d.topic === this.poisonTopic) {
      p.arrivals++;
      if (d.key === p.key) {
        p.ok = true;
        if (code) p.hadCode = true;
      } else this.altered++;
      return;
    }
    if (d.key !== null && this.poisonKeys.has(d.key)) {
      this.altered++; // a poison message's key with other bytes
      return;
    }
    const byCode = (this.others[d.topic] ??= {});
    byCode[code ?? '(none)'] = (byCode[code ?? '(none)'] ?? 0) + 1;
    if (d.value?.toString('utf8').includes(this.runTag)) this.othersOfThisRun++;
  }

  /** Whether every poison message sent has arrived. */
  complete(): boolean {
    for (const p of this.poison.values()) if (!p.ok) return false;
    return true;
  }

  report(): DeadLetterReport {
    const all = [...this.poison.values()];
    return {
      poisonSent: all.length,
      poisonDeadLettered: all.filter((p) => p.ok && p.hadCode).length,
      poisonAltered: this.altered,
      poisonWithoutErrorCode: all.filter((p) => p.ok && !p.hadCode).length,
      poisonMissing: all.filter((p) => !p.ok).length,
      poisonRepeated: all.filter((p) => p.arrivals > 1).length,
      others: this.others,
      othersOfThisRun: this.othersOfThisRun,
    };
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | null {
  const v = headers?.[name];
  if (v === undefined || v === null) return null;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? null : first.toString();
}
