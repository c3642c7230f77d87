import { TextDecoder } from 'node:util';
import { maskPersonIds } from '../../observability/mask-person-ids';
import { pseudonymize } from '../../observability/pseudonymize';
import type { DeadLetterView } from './dead-letter-record';

const PREVIEW_CHARS = 300;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as masked text (person numbers tagged), or a note when they are not UTF-8 text. */
function describeBytes(bytes: Buffer | null, full: boolean): string {
  if (bytes === null) return '(null)';
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return `<not UTF-8 text: ${bytes.length} bytes>`;
  }
  const masked = maskPersonIds(text);
  return full || masked.length <= PREVIEW_CHARS
    ? masked
    : `${masked.slice(0, PREVIEW_CHARS)}… (${masked.length} chars)`;
}

/** The message's key: a patient's or holder's number, so only its log tag is printed. */
function describeKey(key: Buffer | null): string {
  return key === null ? '(null)' : pseudonymize(key.toString('utf8'))!;
}

const at = (partition: number | null, offset: string | null): string => `${partition ?? '?'}@${offset ?? '?'}`;

/** One dead letter, for `inspect` (personal numbers masked as the service's logs mask them). */
export function describeDeadLetter(v: DeadLetterView, opts: { full?: boolean } = {}): string[] {
  const r = v.record;
  return [
    `${r.dlqTopic} ${at(r.partition, r.offset)}  ${new Date(r.timestamp).toISOString()}  reason ${v.reason}`,
    `  original ${v.original.topic ?? '?'} ${at(v.original.partition, v.original.offset)}  key ${describeKey(r.key)}`,
    `  error    ${maskPersonIds(v.errorMessage)}`,
    `  headers  ${Object.keys(v.replayHeaders).join(', ') || '(none besides the DLQ headers)'}`,
    `  value    ${r.value === null ? '(null)' : `${r.value.length} bytes: ${describeBytes(r.value, opts.full ?? false)}`}`,
    ...(v.notReplayable ? [`  not replayable: ${v.notReplayable}`] : []),
  ];
}

/** One line per dead letter, for `replay` (what is or would be sent). */
export function describeReplay(v: DeadLetterView): string {
  const r = v.record;
  return `${r.dlqTopic} ${at(r.partition, r.offset)} -> ${v.original.topic} key ${describeKey(r.key)} ${r.value?.length ?? 0} bytes, reason ${v.reason}`;
}
