import { checkRouting } from './routing-check';
import { TerminalRouter, terminalKey } from './terminal-router';

const event = (type: string, subject: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ id: `${subject}:${type}`, type, subject, data: extra }));

describe('TerminalRouter', () => {
  it('routes by the merchantId and terminalId headers alone, bytes untouched', () => {
    const router = new TerminalRouter((m) => m.startsWith('run1-'));
    // The payload names another terminal: the router must not look at it.
    const value = Buffer.from('{"type":"charge.settled","data":{"merchantId":"elsewhere","terminalId":"T09"}}');
    expect(router.route({ merchantId: Buffer.from('run1-P01'), terminalId: Buffer.from('T02') }, value)).toBe(true);
    const inbox = router.inboxes.get(terminalKey('run1-P01', 'T02'));
    expect(inbox?.messages).toEqual([value]);
    expect(router.inboxes.size).toBe(1);
  });

  it('skips messages without both headers and merchants it does not serve', () => {
    const router = new TerminalRouter((m) => m.startsWith('run1-'));
    expect(router.route({ merchantId: 'run1-P01' }, Buffer.from('x'))).toBe(false);
    expect(router.route(undefined, Buffer.from('x'))).toBe(false);
    expect(router.route({ merchantId: 'run2-P01', terminalId: 'T01' }, Buffer.from('x'))).toBe(false);
    expect(router.withoutHeaders).toBe(2);
    expect(router.routed).toBe(0);
  });
});

describe('checkRouting', () => {
  const a = terminalKey('m1', 'T01');
  const b = terminalKey('m1', 'T02');
  const owners = new Map([
    ['c1', a],
    ['c2', b],
  ]);

  it('passes when every final answer is at its sender', () => {
    const router = new TerminalRouter();
    router.route({ merchantId: 'm1', terminalId: 'T01' }, event('charge.settled', 'c1'));
    router.route({ merchantId: 'm1', terminalId: 'T02' }, event('charge.rejected', 'c2', { reason: { code: 'X' } }));
    const r = checkRouting(router.inboxes, owners, (id) => owners.get(id));
    expect(r).toMatchObject({ charges: 2, routedToSender: 2, missing: 0, misrouted: 0 });
  });

  it('counts an answer at another terminal as misrouted and the sender as missing it', () => {
    const router = new TerminalRouter();
    router.route({ merchantId: 'm1', terminalId: 'T01' }, event('charge.settled', 'c1'));
    router.route({ merchantId: 'm1', terminalId: 'T01' }, event('charge.settled', 'c2'));
    const r = checkRouting(router.inboxes, owners, (id) => owners.get(id));
    expect(r).toMatchObject({ routedToSender: 1, missing: 1, misrouted: 1 });
  });

  it('does not count an authorization request or a DUPLICATE_CONFLICT as the final answer', () => {
    const router = new TerminalRouter();
    router.route({ merchantId: 'm1', terminalId: 'T01' }, event('charge.authorization-requested', 'c1'));
    router.route(
      { merchantId: 'm1', terminalId: 'T01' },
      event('charge.rejected', 'c1', { reason: { code: 'DUPLICATE_CONFLICT' } }),
    );
    const r = checkRouting(router.inboxes, new Map([['c1', a]]), (id) => owners.get(id));
    expect(r.missing).toBe(1);
  });
});
