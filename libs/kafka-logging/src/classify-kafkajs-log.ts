/**
 * How loud a kafkajs log entry should be, shared by every app's kafkajs logCreator (service,
 * simulator, bench, drill, ops tools). kafkajs logs at ERROR the states it then retries by itself
 * (a group coordinator still being elected, a partition whose leader moves, a broker restarting):
 * on a healthy start-up that reads as failure. Those go to WARN; anything else kafkajs calls an
 * error (authorization, SASL, a crash it does not retry, a handler that threw) stays ERROR.
 * Pure: no kafkajs import, so any app (and the pure libs' rules) can use it.
 */

/** kafkajs' numeric levels (kafkajs `logLevel`), repeated so this module imports nothing. */
export const KAFKAJS_LEVEL = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } as const;

export type LogSeverity = 'error' | 'warn' | 'info' | 'debug';

/** The fields of a kafkajs `LogEntry` this looks at. */
export interface KafkajsLogEntry {
  namespace?: string;
  level: number;
  log: { message?: string; error?: unknown; broker?: unknown; [k: string]: unknown };
}

/**
 * Broker answers kafkajs marks retriable (protocol/error.js) and that heal without an operator,
 * and the client's own connection states while a broker is away. A corrupt message or a broker's
 * disk error (also marked retriable there) is not here: someone should look.
 */
const RETRIABLE = [
  // broker error codes (the `error` of a "Response <Api>" entry, or a retry's message)
  'This server does not host this topic-partition',
  'There is no leader for this topic-partition',
  'This server is not the leader for that topic-partition',
  'The request timed out',
  'The replica is not available',
  'The server disconnected before a response was received',
  "The coordinator is loading and hence can't process requests",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'fewer in-sync replicas than required',
  'This is not the correct controller for this cluster',
  'while another concurrent operation on the same transaction was ongoing',
  'The fetch session ID was not found',
  'The fetch session epoch is invalid',
  'There is no listener on the leader broker',
  'The leader epoch in the request is',
  'The leader high watermark has not caught up',
  'The preferred leader was not available',
  'Eligible topic partition leaders are not available',
  'Leader election not needed',
  'There are unstable offsets that need to be cleared',
  'The group is rebalancing',
  'The coordinator is not aware of this member',
  // the client's own states while a broker starts, restarts or moves
  'Connection error',
  'Connection timeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'Failed to connect to seed broker',
  'Failed to connect to broker, reconnecting',
  'Closed connection',
  'Broker not connected',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionClosedError',
  'Restarting the consumer in',
  'is not aware of all assigned partitions',
].map((s) => s.toLowerCase());

/** Errors no retry heals: they stay ERROR even inside an entry that also names a retriable state. */
const GENUINE = [
  'authorization failed',
  'not authorized',
  'sasl',
  'authentication',
  'error when calling eachbatch',
  'error when calling eachmessage',
  'kafkajsnonretriableerror',
].map((s) => s.toLowerCase());

/** The entry as one line: namespace, message, the broker's error and the broker address. */
export function kafkajsLogText(entry: KafkajsLogEntry): string {
  const { namespace, log } = entry;
  const error = typeof log.error === 'string' ? log.error : log.error instanceof Error ? log.error.message : '';
  return (
    `${namespace ? `[${namespace}] ` : ''}${log.message ?? ''}` +
    `${error ? `: ${error}` : ''}${log.broker ? ` (broker ${String(log.broker)})` : ''}`
  );
}

/** The severity to log a kafkajs entry at: ERROR only for what no retry will heal. */
export function classifyKafkajsLog(entry: KafkajsLogEntry): LogSeverity {
  if (entry.level === KAFKAJS_LEVEL.WARN) return 'warn';
  if (entry.level === KAFKAJS_LEVEL.INFO) return 'info';
  if (entry.level >= KAFKAJS_LEVEL.DEBUG) return 'debug';
  const text = kafkajsLogText(entry).toLowerCase();
  if (GENUINE.some((g) => text.includes(g))) return 'error';
  return RETRIABLE.some((r) => text.includes(r)) ? 'warn' : 'error';
}
