import { DbFixtures } from './db-fixtures';
import { KafkaTestClient, ReceivedEvent } from './kafka-test-client';
import { RunningApp, startApp } from './start-app';

export interface ServiceUnderTest {
  /** The running service (in this process, real database and broker). */
  readonly app: RunningApp;
  readonly db: DbFixtures;
  readonly kafka: KafkaTestClient;
  /** settlement.events.v1 as published from the suite's start on. */
  readonly events: ReceivedEvent[];
}

/**
 * Boots the service once for a suite, with a fixture helper, a Kafka client and the events the
 * service publishes from then on; closes all of it after the suite.
 */
export function serviceUnderTest(overrides: Record<string, string> = {}): ServiceUnderTest {
  const db = new DbFixtures();
  const kafka = new KafkaTestClient();
  let app: RunningApp | undefined;
  let events: ReceivedEvent[] = [];
  beforeAll(async () => {
    app = await startApp(overrides);
    events = await kafka.collectEvents();
  });
  afterAll(async () => {
    await app?.close();
    await kafka.close();
    await db.close();
  });
  return {
    get app() {
      if (!app) throw new Error('the service is not running yet (use it inside tests or hooks)');
      return app;
    },
    db,
    kafka,
    get events() {
      return events;
    },
  };
}
