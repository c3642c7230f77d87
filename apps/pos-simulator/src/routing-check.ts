/**
 * Checks the terminal gateway's work (terminal-router.ts) against what the terminals sent: each
 * terminal now reads its own inbox (here, and only here, payloads are parsed), and every charge it
 * sent must have its final answer there (none missing) while no inbox holds an answer about a
 * charge another terminal sent (none misrouted). Pure.
 */
import type { CheckResult } from './invariants';
import { isFinalOutcome, type SettlementEvent } from './outcome-tracker';
import { terminalKey, type TerminalInbox } from './terminal-router';

export interface RoutingReport {
  readonly terminals: number;
  /** Charges with a final outcome whose answer should be routed. */
  readonly charges: number;
  /** Of those, with their final answer in the terminal's inbox. */
  readonly routedToSender: number;
  readonly missing: number;
  /** Answers about this run's charges found in another terminal's inbox. */
  readonly misrouted: number;
  readonly examples: readonly string[];
}

/**
 * `sentBy`: chargeId -> terminal key of the terminal that sent it, for the charges that have a
 * final outcome (those whose answer must arrive).
 */
export function checkRouting(
  inboxes: ReadonlyMap<string, TerminalInbox>,
  sentBy: ReadonlyMap<string, string>,
  knownCharge: (chargeId: string) => string | undefined,
): RoutingReport {
  const answered = new Set<string>();
  let misrouted = 0;
  const examples: string[] = [];
  for (const [key, inbox] of inboxes) {
    for (const raw of inbox.messages) {
      const e = parse(raw);
      if (!e || !e.type.startsWith('charge.')) continue;
      const owner = knownCharge(e.subject);
      if (owner === undefined) continue; // not a charge of this run
      if (owner !== key) {
        misrouted++;
        if (examples.length < 5) examples.push(`${e.subject} (${e.type}) went to ${key}, sent by ${owner}`);
        continue;
      }
      if (isFinalOutcome(e)) answered.add(e.subject);
    }
  }
  let routedToSender = 0;
  for (const chargeId of sentBy.keys()) {
    if (answered.has(chargeId)) routedToSender++;
    else if (examples.length < 5) examples.push(`${chargeId}: no final answer in ${sentBy.get(chargeId)}`);
  }
  return {
    terminals: inboxes.size,
    charges: sentBy.size,
    routedToSender,
    missing: sentBy.size - routedToSender,
    misrouted,
    examples,
  };
}

export function routingChecks(r: RoutingReport): CheckResult[] {
  return [
    {
      name: 'answers routed to terminals by header: each charge answered at its own terminal',
      ok: r.missing === 0 && r.misrouted === 0 && r.charges > 0,
      detail:
        `${r.routedToSender} of ${r.charges} charges over ${r.terminals} terminals; ` +
        `${r.missing} missing, ${r.misrouted} misrouted` +
        (r.examples.length ? `; e.g. ${r.examples.slice(0, 2).join('; ')}` : ''),
    },
  ];
}

export { terminalKey };

function parse(raw: Buffer): SettlementEvent | null {
  try {
    const e = JSON.parse(raw.toString('utf8')) as Partial<SettlementEvent>;
    return typeof e.type === 'string' && typeof e.subject === 'string' ? (e as SettlementEvent) : null;
  } catch {
    return null;
  }
}
