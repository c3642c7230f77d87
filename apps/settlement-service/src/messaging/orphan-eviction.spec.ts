import { OrphanEviction } from './orphan-eviction';
import { LeaveOutcome, NoClusterFactory } from './orphaned-member';

function logRecorder() {
  const lines: string[] = [];
  return {
    lines,
    log: (m: string) => lines.push(`log ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
}

const options = { maxMs: 60_000, maxBackoffMs: 5 };

/** A leave that always fails with `err`, counting its calls. */
function alwaysFailing(err: Error) {
  const counter = { calls: 0 };
  const leave = async (): Promise<LeaveOutcome> => {
    counter.calls++;
    throw err;
  };
  return { leave, counter };
}

describe('OrphanEviction', () => {
  it('tries again with the same member id until it left or was already gone, and says which', async () => {
    for (const outcome of ['left', 'already-gone'] as const) {
      const answers: (LeaveOutcome | Error)[] = [new Error('ECONNREFUSED'), outcome];
      const calls: string[] = [];
      const log = logRecorder();
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const eviction = new OrphanEviction(
        async (id) => {
          calls.push(id);
          const a = answers.shift()!;
          if (answers.length === 0) setImmediate(done);
          if (a instanceof Error) throw a;
          return a;
        },
        log,
        options,
      );
      eviction.evict('member-old');
      await finished;
      await eviction.stop();
      expect(calls).toEqual(['member-old', 'member-old']);
      expect(log.lines.at(-1)).toMatch(
        outcome === 'left' ? /left the group \(attempt 2\)/ : /already gone \(attempt 2\)/,
      );
    }
  });

  it('does not retry a kafkajs without the cluster factory: an error, once', async () => {
    const { leave, counter } = alwaysFailing(new NoClusterFactory('no factory'));
    const log = logRecorder();
    const eviction = new OrphanEviction(leave, log, options);
    eviction.evict('member-old');
    await eviction.stop();
    expect(counter.calls).toBe(1);
    expect(log.lines).toEqual([expect.stringMatching(/^error .*cannot be made to leave: no factory/)]);
  });

  it('stops retrying at stop(), without waiting for the backoff', async () => {
    const { leave, counter } = alwaysFailing(new Error('ECONNREFUSED'));
    const eviction = new OrphanEviction(leave, logRecorder(), { maxMs: 60_000, maxBackoffMs: 60_000 });
    eviction.evict('member-old');
    await new Promise((r) => setImmediate(r));
    await eviction.stop(); // would hang for the 250 ms+ backoff without the wake-up, and retry after it
    expect(counter.calls).toBe(1);
    eviction.evict('member-later');
    expect(counter.calls).toBe(1);
  });

  it('gives up after its time is up', async () => {
    const { leave, counter } = alwaysFailing(new Error('ECONNREFUSED'));
    const log = logRecorder();
    const eviction = new OrphanEviction(leave, log, { maxMs: 0, maxBackoffMs: 1 });
    eviction.evict('member-old');
    await eviction.stop();
    expect(counter.calls).toBe(1);
    expect(log.lines.at(-1)).toMatch(/^warn gave up/);
  });
});
