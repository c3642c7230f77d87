import { INBOUND_TOPICS, InboundTopic, dlqTopic } from '../../shared/topics';
import { UsageError, parseTimeOption } from '../cli/parse-options';
import type { DeadLetterView } from './dead-letter-record';

/** Which dead letters a command looks at. Offsets are the DLQ topic's (as `inspect` prints them). */
export interface DlqSelection {
  /** The inbound topics whose DLQs are read. */
  topics: InboundTopic[];
  reasons: string[] | null;
  partition: number | null;
  fromOffset: bigint | null;
  toOffset: bigint | null;
  /** DLQ message time bounds (ms since the epoch), inclusive. */
  since: number | null;
  until: number | null;
  limit: number | null;
}

export function matchesSelection(view: DeadLetterView, s: DlqSelection): boolean {
  const r = view.record;
  const offset = BigInt(r.offset);
  return (
    (s.reasons === null || s.reasons.includes(view.reason)) &&
    (s.partition === null || r.partition === s.partition) &&
    (s.fromOffset === null || offset >= s.fromOffset) &&
    (s.toOffset === null || offset <= s.toOffset) &&
    (s.since === null || r.timestamp >= s.since) &&
    (s.until === null || r.timestamp <= s.until)
  );
}

/** `pos.charges.v1`, its DLQ `pos.charges.v1.dlq`, or a comma-separated list of them. */
function parseTopics(text: string | undefined): InboundTopic[] {
  if (text === undefined || text === 'all') return [...INBOUND_TOPICS];
  return text.split(',').map((t) => {
    const name = t.trim();
    const topic = INBOUND_TOPICS.find((i) => i === name || dlqTopic(i) === name);
    if (!topic) throw new UsageError(`--topic ${name}: not one of ${INBOUND_TOPICS.join(', ')} (or its .dlq)`);
    return topic;
  });
}

function parseWhole(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} ${text}: not a whole number`);
  return Number(text);
}

/** `--offsets 10-20`, `10-`, `-20` or `15` (inclusive). */
function parseOffsets(text: string | undefined): { from: bigint | null; to: bigint | null } {
  if (text === undefined) return { from: null, to: null };
  const m = /^(\d*)(-?)(\d*)$/.exec(text);
  if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) {
    throw new UsageError(`--offsets ${text}: expected FROM-TO, FROM-, -TO or OFFSET`);
  }
  const from = m[1] === '' ? null : BigInt(m[1]);
  const to = m[2] === '' ? from : m[3] === '' ? null : BigInt(m[3]);
  if (from !== null && to !== null && from > to) throw new UsageError(`--offsets ${text}: FROM is after TO`);
  return { from, to };
}

/** The selection named by a command's options (see the tool's --help). */
export function selectionFromOptions(o: Record<string, string | undefined>): DlqSelection {
  const { from, to } = parseOffsets(o.offsets);
  const since = parseTimeOption('--since', o.since);
  const until = parseTimeOption('--until', o.until);
  if (since !== null && until !== null && since > until) throw new UsageError('--since is after --until');
  return {
    topics: parseTopics(o.topic),
    reasons: o.reason === undefined ? null : o.reason.split(',').map((r) => r.trim()),
    partition: parseWhole('--partition', o.partition),
    fromOffset: from,
    toOffset: to,
    since,
    until,
    limit: parseWhole('--limit', o.limit),
  };
}
