import { Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { SettlementCommand } from '../application/settlement/settlement-command';
import { LaneEntry, LanePorts, SettlementLane, TopicPartitionOffset } from './settlement-lane';

/** A gate the fake database waits on, so a test decides when a transaction "commits". */
class Gate {
  private opened!: () => void;
  readonly promise = new Promise<void>((r) => (this.opened = r));
  open(): void {
    this.opened();
  }
}

// Two turns of the event loop: the lane itself waits one before taking what is queued.
const tick = () => new Promise((r) => setImmediate(r)).then(() => new Promise((r) => setImmediate(r)));

function entry(partition: number, offset: number, poison = false): LaneEntry {
  const message = {
    offset: String(offset),
    key: null,
    value: Buffer.from('{}'),
    headers: {},
  } as unknown as KafkaMessage;
  const command: SettlementCommand = {
    kind: 'decision',
    authorizationId: `a-${partition}-${offset}`,
    holderId: 'h',
    decision: 'APPROVE',
    source: { topic: 't', partition, offset: String(offset) },
  };
  return {
    topic: 't',
    partition,
    message,
    highWatermark: '100',
    work: poison ? { poison: { code: 'INVALID_JSON', message: 'not JSON' } } : { command },
  };
}

/** Records everything the lane does, in order, in one log. */
function fakePorts() {
  const log: string[] = [];
  const gates: Gate[] = [];
  let failNext: unknown[] = [];
  let probes: boolean[] = [];
  let quarantineFailures: unknown[] = [];
  const idOf = (e: LaneEntry) =>
    'command' in e.work
      ? e.work.command.kind === 'decision'
        ? e.work.command.authorizationId
        : '?'
      : `dlq-${e.message.offset}`;
  const ports: LanePorts = {
    settle: async (entries) => {
      const ids = entries.map(idOf).join(',');
      const failure = failNext.shift();
      if (failure) {
        log.push(`fail ${ids}`);
        throw failure;
      }
      const gate = new Gate();
      gates.push(gate);
      log.push(`begin ${ids}`);
      await gate.promise;
      log.push(`commit ${ids}`);
    },
    quarantine: async (e) => {
      const failure = quarantineFailures.shift();
      if (failure) {
        log.push(`quarantine failed ${idOf(e)}`);
        throw failure;
      }
      log.push(`quarantine ${idOf(e)}`);
    },
    probeWritable: async () => {
      const ok = probes.shift() ?? true;
      log.push(`probe ${ok ? 'ok' : 'failed'}`);
      return ok;
    },
    commitOffsets: async (offsets: TopicPartitionOffset[]) => {
      log.push(`offsets ${offsets.map((o) => `${o.partition}:${o.offset}`).join(',')}`);
    },
  };
  return {
    ports,
    log,
    gates,
    failWith: (...errs: unknown[]) => (failNext = errs),
    probesAnswer: (...answers: boolean[]) => (probes = answers),
    quarantineFailsWith: (...errs: unknown[]) => (quarantineFailures = errs),
  };
}

/** Opens every transaction the fake database begins until `done` resolves. */
async function commitAll(f: ReturnType<typeof fakePorts>, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  for (let i = 0; !finished; i++) {
    while (f.gates.length <= i && !finished) await new Promise((r) => setTimeout(r, 5));
    f.gates[i]?.open();
  }
}

const sqlError = (code: string, message = `sqlstate ${code}`) => Object.assign(new Error(message), { code });

describe('SettlementLane', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('commits offsets only after the transaction that settled those messages committed', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    const fetched = lane.enqueue([entry(0, 5), entry(0, 6)]);
    await tick();
    expect(f.log).toEqual(['begin a-0-5,a-0-6']);
    f.gates[0].open();
    await fetched;
    await lane.drain();
    expect(f.log).toEqual(['begin a-0-5,a-0-6', 'commit a-0-5,a-0-6', 'offsets 0:7']);
  });

  it('gathers what arrives during a transaction into the next one, in arrival order, up to maxBatch', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 3 });
    const first = lane.enqueue([entry(0, 1)]);
    await tick();
    const second = lane.enqueue([entry(1, 1), entry(0, 2), entry(2, 1), entry(1, 2)]);
    await tick();
    for (let i = 0; i < 3; i++) {
      while (f.gates.length <= i) await tick();
      f.gates[i].open();
    }
    await Promise.all([first, second]);
    await lane.drain();
    expect(f.log.filter((l) => l.startsWith('begin'))).toEqual([
      'begin a-0-1',
      'begin a-1-1,a-0-2,a-2-1',
      'begin a-1-2',
    ]);
    // the highest settled offset of each partition, each committed after its transaction
    const committed = f.log.filter((l) => l.startsWith('offsets')).join(' ');
    expect(committed).toContain('0:3');
    expect(committed).toContain('1:3');
    expect(committed).toContain('2:2');
    expect(f.log.indexOf('commit a-1-2')).toBeLessThan(f.log.findIndex((l) => l.includes('1:3')));
  });

  it("takes all of one fetch's partitions into one transaction, though kafkajs hands them over one by one", async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    // kafkajs delivers each partition's batch from its own worker: promise continuations apart,
    // with the next partition's decoding in between, all before any I/O.
    const first = lane.enqueue([entry(0, 1)]);
    await Promise.resolve();
    await Promise.resolve();
    const second = lane.enqueue([entry(1, 1)]);
    await Promise.resolve();
    const third = lane.enqueue([entry(2, 1)]);
    let handedBack = false;
    void Promise.all([first, second, third]).then(() => (handedBack = true));
    for (let i = 0; !handedBack; i++) {
      while (f.gates.length <= i && !handedBack) await tick();
      f.gates[i]?.open();
    }
    await lane.drain();
    expect(f.log.filter((l) => l.startsWith('begin'))).toEqual(['begin a-0-1,a-1-1,a-2-1']);
  });

  it('hands a fetched batch back once it is all taken and, when nothing else waits, its transaction ended', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 2 });
    let released = false;
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2), entry(0, 3)]).then(() => {
      released = true;
    });
    await tick();
    expect(f.log).toEqual(['begin a-0-1,a-0-2']);
    expect(released).toBe(false); // a-0-3 is not taken yet
    f.gates[0].open();
    while (f.gates.length < 2) await tick();
    expect(f.log).toContain('begin a-0-3');
    await tick();
    expect(released).toBe(false); // all taken, but the last transaction still runs and nothing else is queued
    f.gates[1].open();
    await fetched;
    await lane.drain();
  });

  it('with more queued behind it, a taken batch is handed back at once (fetching keeps ahead)', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 1 });
    const a = lane.enqueue([entry(0, 1)]);
    await tick();
    let bReleased = false;
    let cReleased = false;
    const b = lane.enqueue([entry(1, 1)]).then(() => (bReleased = true));
    const c = lane.enqueue([entry(2, 1)]).then(() => (cReleased = true));
    f.gates[0].open();
    while (f.gates.length < 2) await tick();
    await tick();
    expect(f.log).toContain('begin a-1-1');
    expect(bReleased).toBe(true); // taken while a-2-1 still waits in the queue
    expect(cReleased).toBe(false);
    f.gates[1].open();
    while (f.gates.length < 3) await tick();
    f.gates[2].open();
    await Promise.all([a, b, c]);
    await lane.drain();
  });

  it('settles poison as dead letters in the same transaction, in order, and commits past it', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2, true), entry(0, 3)]);
    while (f.gates.length === 0) await tick();
    f.gates[0].open();
    await fetched;
    await lane.drain();
    expect(f.log).toEqual(['begin a-0-1,dlq-2,a-0-3', 'commit a-0-1,dlq-2,a-0-3', 'offsets 0:4']);
  });

  it('retries through a database outage and commits nothing until the batch is settled', async () => {
    const f = fakePorts();
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    f.failWith(outage, outage);
    const lane = new SettlementLane(f.ports, { maxBatch: 10, maxBackoffMs: 20 });
    const fetched = lane.enqueue([entry(0, 1)]);
    while (f.gates.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(f.log).toEqual(['fail a-0-1', 'fail a-0-1', 'begin a-0-1']);
    f.gates[0].open();
    await fetched;
    await lane.drain();
    expect(f.log.slice(3)).toEqual(['commit a-0-1', 'offsets 0:2']);
  });

  it('holds a batch through a read-only database without splitting it or blaming a message', async () => {
    const f = fakePorts();
    const readOnly = sqlError('25006', 'cannot execute INSERT in a read-only transaction');
    f.failWith(readOnly, readOnly, readOnly);
    const lane = new SettlementLane(f.ports, { maxBatch: 10, maxBackoffMs: 20 });
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log).toEqual([
      'fail a-0-1,a-0-2',
      'fail a-0-1,a-0-2',
      'fail a-0-1,a-0-2',
      'begin a-0-1,a-0-2',
      'commit a-0-1,a-0-2',
      'offsets 0:3',
    ]);
  });

  it('splits a batch that fails for another reason and quarantines the message that fails alone, twice, against a writable database', async () => {
    const f = fakePorts();
    const bug = new Error('bug in a-0-2');
    // the batch, its first half [1,2], then a-0-2 alone, and a-0-2 again after the probe
    f.failWith(new Error('bug in the batch'), bug, undefined, bug, bug);
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2), entry(0, 3)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log).toEqual([
      'fail a-0-1,a-0-2,a-0-3',
      'fail a-0-1,a-0-2',
      'begin a-0-1',
      'commit a-0-1',
      'fail a-0-2',
      'probe ok',
      'fail a-0-2',
      'quarantine a-0-2',
      'begin a-0-3',
      'commit a-0-3',
      'offsets 0:4',
    ]);
  });

  it('never blames a message while the probe write fails: it holds, and settles it once the database heals', async () => {
    const f = fakePorts();
    const odd = sqlError('XX000', 'could not write block');
    f.failWith(odd, odd);
    f.probesAnswer(false);
    const lane = new SettlementLane(f.ports, { maxBatch: 1, maxBackoffMs: 20 });
    const fetched = lane.enqueue([entry(0, 1)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log).toEqual([
      'fail a-0-1',
      'probe failed',
      'fail a-0-1',
      'probe ok',
      'begin a-0-1',
      'commit a-0-1',
      'offsets 0:2',
    ]);
    expect(f.log.some((l) => l.startsWith('quarantine'))).toBe(false);
  });

  it('a message that fails alone once, then succeeds, is settled, not quarantined', async () => {
    const f = fakePorts();
    f.failWith(new Error('passing glitch'));
    const lane = new SettlementLane(f.ports, { maxBatch: 1 });
    const fetched = lane.enqueue([entry(0, 1)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log).toEqual(['fail a-0-1', 'probe ok', 'begin a-0-1', 'commit a-0-1', 'offsets 0:2']);
  });

  it('holds, never drops, a faulty message whose quarantine cannot be written', async () => {
    const f = fakePorts();
    const bug = new Error('bug');
    f.failWith(bug, bug);
    f.quarantineFailsWith(sqlError('25006'));
    const lane = new SettlementLane(f.ports, { maxBatch: 1, maxBackoffMs: 20 });
    const fetched = lane.enqueue([entry(0, 1)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log).toEqual([
      'fail a-0-1',
      'probe ok',
      'fail a-0-1',
      'quarantine failed a-0-1',
      'begin a-0-1',
      'commit a-0-1',
      'offsets 0:2',
    ]);
  });

  it('splits a batch that keeps timing out while it holds, so no batch size wedges the lane', async () => {
    const f = fakePorts();
    const timeout = sqlError('57014', 'canceling statement due to statement timeout');
    f.failWith(timeout);
    const lane = new SettlementLane(f.ports, { maxBatch: 10, maxBackoffMs: 20 });
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2), entry(0, 3), entry(0, 4)]);
    await commitAll(f, fetched);
    await lane.drain();
    expect(f.log.filter((l) => l.startsWith('begin'))).toEqual(['begin a-0-1,a-0-2', 'begin a-0-3,a-0-4']);
  });

  it('after a rebalance it neither settles nor commits what another instance now holds', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    const first = lane.enqueue([entry(0, 1), entry(1, 1)]);
    while (f.gates.length === 0) await tick();
    const queued = lane.enqueue([entry(0, 2), entry(1, 2)]);
    lane.setAssignment([{ topic: 't', partition: 1 }]);
    await commitAll(f, Promise.all([first, queued]));
    await lane.drain();
    expect(f.log.filter((l) => l.startsWith('begin'))).toEqual(['begin a-0-1,a-1-1', 'begin a-1-2']);
    expect(f.log.filter((l) => l.startsWith('offsets')).join(' ')).not.toMatch(/ 0:/);
  });

  it('stopping during an outage commits nothing, so the messages are redelivered', async () => {
    const f = fakePorts();
    const outage = Object.assign(new Error('Connection terminated'), { code: '57P01' });
    f.failWith(outage, outage, outage, outage, outage, outage);
    const lane = new SettlementLane(f.ports, { maxBatch: 10 });
    const fetched = lane.enqueue([entry(0, 1), entry(0, 2)]);
    await new Promise((r) => setTimeout(r, 50));
    await lane.drain();
    await fetched;
    expect(f.log.some((l) => l.startsWith('offsets'))).toBe(false);
    expect(f.log.some((l) => l.startsWith('commit'))).toBe(false);
    await expect(lane.enqueue([entry(0, 3)])).rejects.toThrow(/stopping/);
  });

  it('a failed offset commit is retried by itself, without waiting for more traffic', async () => {
    const f = fakePorts();
    let failCommit = true;
    const commit = f.ports.commitOffsets;
    f.ports.commitOffsets = async (o) => {
      if (failCommit) {
        failCommit = false;
        f.log.push('offsets failed');
        throw new Error('rebalance in progress');
      }
      await commit(o);
    };
    const lane = new SettlementLane(f.ports, { maxBatch: 1 });
    const fetched = lane.enqueue([entry(0, 1)]);
    await tick();
    f.gates[0].open();
    await fetched;
    while (!f.log.includes('offsets 0:2')) await new Promise((r) => setTimeout(r, 50));
    expect(f.log).toEqual(['begin a-0-1', 'commit a-0-1', 'offsets failed', 'offsets 0:2']);
    await lane.drain();
  });

  /** Settles one message at `offset` (the fake database's gates count from 1). */
  const settleOne = async (lane: SettlementLane, f: ReturnType<typeof fakePorts>, offset: number) => {
    const fetched = lane.enqueue([entry(0, offset)]);
    while (f.gates.length < offset) await tick();
    f.gates[offset - 1].open();
    await fetched;
  };
  const offsetsOf = (log: string[]) => log.filter((l) => l.startsWith('offsets'));

  it('commits offsets at most once per interval, merging what settled meanwhile', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 1, minCommitIntervalMs: 300 });
    await settleOne(lane, f, 1);
    while (!f.log.includes('offsets 0:2')) await tick();
    // Two more transactions within the interval: no commit yet, then one for both.
    await settleOne(lane, f, 2);
    await settleOne(lane, f, 3);
    while (!f.log.includes('commit a-0-3')) await tick();
    expect(offsetsOf(f.log)).toEqual(['offsets 0:2']);
    while (!f.log.includes('offsets 0:4')) await new Promise((r) => setTimeout(r, 20));
    expect(offsetsOf(f.log)).toEqual(['offsets 0:2', 'offsets 0:4']);
    await lane.drain();
  });

  it('a stop commits what settled at once instead of waiting out the interval', async () => {
    const f = fakePorts();
    const lane = new SettlementLane(f.ports, { maxBatch: 1, minCommitIntervalMs: 60_000 });
    await settleOne(lane, f, 1);
    while (!f.log.includes('offsets 0:2')) await tick();
    await settleOne(lane, f, 2);
    await lane.drain(); // would hang for a minute (past the test's timeout) if the wait were not ended
    expect(offsetsOf(f.log)).toEqual(['offsets 0:2', 'offsets 0:3']);
  });
});
