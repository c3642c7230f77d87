/**
 * Headers a dead letter carries on `<topic>.dlq` besides the original ones (CONTRACT.md): written
 * by the DLQ relay, read (and taken off again before a replay) by the operators' DLQ tool.
 */
export const DEAD_LETTER_HEADERS = {
  code: 'x-error-code',
  message: 'x-error-message',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
} as const;

export const DEAD_LETTER_HEADER_NAMES: readonly string[] = Object.values(DEAD_LETTER_HEADERS);
