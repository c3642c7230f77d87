import { Kafka, LogEntry, logLevel } from 'kafkajs';
import { classifyKafkajsLog, kafkajsLogText } from '../../libs/kafka-logging/src';

/**
 * Real kafkajs log entries, not hand-made ones: a client whose broker refuses the connection (as
 * while a broker restarts) logs ERROR entries that the shared classifier must put at WARN.
 */
describe('kafkajs log entries of a broker that is not there', () => {
  it('are all retriable: WARN, none ERROR', async () => {
    const entries: LogEntry[] = [];
    const kafka = new Kafka({
      clientId: 'gongji-tests-log-classes',
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => entries.push(entry),
      connectionTimeout: 500,
      retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 100 },
    });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow();
    const errors = entries.filter((e) => e.level === logLevel.ERROR);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map(kafkajsLogText).join('\n')).toContain('ECONNREFUSED');
    expect(errors.filter((e) => classifyKafkajsLog(e) !== 'warn').map(kafkajsLogText)).toEqual([]);
  });
});
