import { logLevel } from 'kafkajs';
import { KafkajsLogEntry, classifyKafkajsLog, kafkajsLogText } from './classify-kafkajs-log';
import { kafkajsLogCreator } from './kafkajs-log-creator';

// kafkajs' own error table: the messages a broker answer turns into (protocol/error.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorCodes } = require('kafkajs/src/protocol/error') as {
  errorCodes: { type: string; code: number; retriable: boolean; message: string }[];
};
const byType = (type: string): string => errorCodes.find((e) => e.type === type)!.message;

/** An entry as kafkajs' network/connection.js logs a failed response. */
const response = (api: string, errorType: string): KafkajsLogEntry => ({
  namespace: 'Connection',
  level: logLevel.ERROR,
  log: {
    timestamp: '2026-12-04T15:00:00.000Z',
    logger: 'kafkajs',
    message: `Response ${api}`,
    broker: '127.0.0.1:9092',
    clientId: 'gongji-settlement-service',
    error: byType(errorType),
    correlationId: 3,
    size: 52,
  },
});

const entry = (namespace: string, message: string, extra: Record<string, unknown> = {}): KafkajsLogEntry => ({
  namespace,
  level: logLevel.ERROR,
  log: { timestamp: '2026-12-04T15:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('classifyKafkajsLog', () => {
  it.each([
    [
      'group coordinator not available',
      response('FindCoordinator(key: 10, version: 2)', 'GROUP_COORDINATOR_NOT_AVAILABLE'),
    ],
    [
      'InitProducerId, coordinator not available',
      response('InitProducerId(key: 22, version: 1)', 'GROUP_COORDINATOR_NOT_AVAILABLE'),
    ],
    [
      'InitProducerId, concurrent transactions',
      response('InitProducerId(key: 22, version: 1)', 'CONCURRENT_TRANSACTIONS'),
    ],
    ['no leader', response('Metadata(key: 3, version: 6)', 'LEADER_NOT_AVAILABLE')],
    ['topic-partition not hosted', response('Produce(key: 0, version: 7)', 'UNKNOWN_TOPIC_OR_PARTITION')],
    ['not the leader', response('Fetch(key: 1, version: 11)', 'NOT_LEADER_FOR_PARTITION')],
    ['coordinator loading', response('JoinGroup(key: 11, version: 5)', 'GROUP_LOAD_IN_PROGRESS')],
    [
      'connection refused',
      entry('Connection', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
        broker: '127.0.0.1:9092',
        clientId: 'x',
        stack: 'Error: connect ECONNREFUSED',
      }),
    ],
    [
      'seed broker unreachable',
      entry(
        'BrokerPool',
        'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
        { retryCount: 2, retryTime: 800 },
      ),
    ],
    [
      'consumer crash after retries, then restart',
      entry('Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available', {
        groupId: 'g',
        retryCount: 5,
      }),
    ],
    ['consumer restarting', entry('Consumer', 'Restarting the consumer in 300ms', { retryCount: 5, retryTime: 300 })],
  ])('%s: WARN', (_name, e) => {
    expect(classifyKafkajsLog(e)).toBe('warn');
  });

  it.each([
    ['topic authorization failed', response('Produce(key: 0, version: 7)', 'TOPIC_AUTHORIZATION_FAILED')],
    ['group authorization failed', response('JoinGroup(key: 11, version: 5)', 'GROUP_AUTHORIZATION_FAILED')],
    ['SASL authentication failed', response('SaslAuthenticate(key: 36, version: 1)', 'SASL_AUTHENTICATION_FAILED')],
    [
      'crash on authorization after retries',
      entry(
        'Consumer',
        'Crash: KafkaJSNumberOfRetriesExceeded: Not authorized to access topics: [Topic authorization failed]',
      ),
    ],
    [
      'a handler that threw',
      entry('Runner', 'Error when calling eachBatch', { topic: 'pos.charges.v1', error: 'boom' }),
    ],
    ['out of order sequence', response('Produce(key: 0, version: 7)', 'OUT_OF_ORDER_SEQUENCE_NUMBER')],
    ['a corrupt message', response('Fetch(key: 1, version: 11)', 'CORRUPT_MESSAGE')],
    ['an unknown message', entry('Producer', 'something new went wrong')],
  ])('%s: ERROR', (_name, e) => {
    expect(classifyKafkajsLog(e)).toBe('error');
  });

  it('every broker answer kafkajs retries, but corrupt messages and disk errors, is WARN', () => {
    const retried = errorCodes.filter(
      (e) => e.retriable && !['CORRUPT_MESSAGE', 'KAFKA_STORAGE_ERROR'].includes(e.type),
    );
    expect(retried.length).toBeGreaterThan(20);
    for (const code of retried) {
      expect([code.type, classifyKafkajsLog(response('Produce(key: 0, version: 7)', code.type))]).toEqual([
        code.type,
        'warn',
      ]);
    }
  });

  it('keeps kafkajs WARN, INFO and DEBUG where they are', () => {
    expect(classifyKafkajsLog({ level: logLevel.WARN, log: { message: 'x' } })).toBe('warn');
    expect(classifyKafkajsLog({ level: logLevel.INFO, log: { message: 'x' } })).toBe('info');
    expect(classifyKafkajsLog({ level: logLevel.DEBUG, log: { message: 'x' } })).toBe('debug');
  });

  it('writes the namespace, the message, the broker error and the broker', () => {
    expect(kafkajsLogText(response('InitProducerId(key: 22, version: 1)', 'GROUP_COORDINATOR_NOT_AVAILABLE'))).toBe(
      '[Connection] Response InitProducerId(key: 22, version: 1): The group coordinator is not available (broker 127.0.0.1:9092)',
    );
  });

  it('the log creator hands each entry to the sink with its severity', () => {
    const lines: string[] = [];
    const log = kafkajsLogCreator((severity, text) => lines.push(`${severity} ${text}`))();
    log(response('Metadata(key: 3, version: 6)', 'LEADER_NOT_AVAILABLE'));
    log(response('Produce(key: 0, version: 7)', 'TOPIC_AUTHORIZATION_FAILED'));
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['warn', 'error']);
  });
});
