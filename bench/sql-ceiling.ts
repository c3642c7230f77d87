/**
 * Ceiling of the database part: the service's own SettlementProcessor (from the built dist/, so
 * that Nest's decorators have their metadata) driven directly, without Kafka. Charges are decoded
 * exactly as the consumer decodes them and split into `partitions` queues by patient, settled
 * concurrently (the service itself runs one lane; 3 concurrent queues measure what the database
 * part can do at most), each in batches of `batchSize` per transaction. Everything but Kafka is included: validation, the engine, the SQL, the outbox rows.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { hashString } from '../apps/pos-simulator/src/prng';
import type { ChargeRequested } from '../apps/pos-simulator/src/messages';

export interface SqlCeilingResult {
  readonly batchSize: number;
  readonly charges: number;
  readonly seconds: number;
  readonly chargesPerS: number;
  readonly transactions: number;
}

const DIST = 'dist/apps/settlement-service/apps/settlement-service/src';

interface Processor {
  process(commands: unknown[]): Promise<unknown[]>;
}

export async function measureSqlCeiling(o: {
  repo: string;
  databaseUrl: string;
  charges: readonly ChargeRequested[];
  batchSize: number;
  partitions: number;
  /** Events of these charges are marked sent afterwards (no relay runs here); a LIKE prefix of their keys. */
  outboxKeyPrefix: string;
  /** Prefix of the charges' ids, to find their pending authorizations. */
  chargeIdPrefix: string;
}): Promise<SqlCeilingResult> {
  const req = createRequire(join(o.repo, DIST, 'main.js'));
  req('reflect-metadata');
  const { DataSource } = req('typeorm') as typeof import('typeorm');
  const { dataSourceOptions } = req('./store/data-source-options.js');
  const { parseConfig } = req('./config/app-config.js');
  const { Metrics } = req('./observability/metrics.js');
  const { SettlementProcessor } = req('./application/settlement/settlement-processor.js');
  const { Database } = req('./store/database.js');
  const { PgSettlementStore } = req('./store/settlement/pg-settlement-store.js');
  const { PgPolicyVersionStore } = req('./store/region-policies/pg-policy-version-store.js');
  const { PolicyBooks } = req('./application/region-policies/policy-books.service.js');
  const { decodeCharge } = req('./inbound/decode-inbound-message.js');

  const config = parseConfig({
    DATABASE_URL: o.databaseUrl,
    KAFKA_BROKERS: '127.0.0.1:9092',
    AUTH_JWT_SECRET: 'bench-sql-ceiling-secret-not-used-0123456789',
    KAFKA_GROUP_ID: 'bench-sql-ceiling',
    SETTLEMENT_BATCH_SIZE: String(o.batchSize),
  });
  const db = await new DataSource(dataSourceOptions(o.databaseUrl, config.databasePoolSize)).initialize();
  // Wired as the service's modules wire it (store/, application/), minus Kafka: no relay runs
  // here, so committed rows handed over are dropped (they are marked sent below).
  const database = new Database(db);
  const notifier = {
    outboxCommitted: () => undefined,
    outboxWritten: () => undefined,
    deadLettersWritten: () => undefined,
  };
  const policyBooks = new PolicyBooks(new PgPolicyVersionStore(database));
  await policyBooks.onApplicationBootstrap();
  const processor: Processor = new SettlementProcessor(
    new PgSettlementStore(database),
    config,
    new Metrics(),
    notifier,
    policyBooks,
  );
  try {
    const queues: Buffer[][] = Array.from({ length: o.partitions }, () => []);
    for (const c of o.charges) queues[hashString(c.patientId) % o.partitions].push(Buffer.from(JSON.stringify(c)));
    let transactions = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      queues.map(async (queue) => {
        for (let i = 0; i < queue.length; i += o.batchSize) {
          const commands = queue.slice(i, i + o.batchSize).map((bytes) => {
            const decoded = decodeCharge(bytes) as { kind: string };
            if (decoded.kind === 'poison') throw new Error('bench charge decoded as poison');
            return decoded;
          });
          await processor.process(commands);
          transactions++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Not timed: holders approve what waits for them, so nothing stays held (as in the service runs).
    const pending = (await db.query(
      `SELECT authorization_id, holder_id FROM authorizations WHERE status = 'PENDING' AND charge_id LIKE $1`,
      [`${o.chargeIdPrefix}%`],
    )) as { authorization_id: string; holder_id: string }[];
    for (let i = 0; i < pending.length; i += 100) {
      await processor.process(
        pending.slice(i, i + 100).map((a) => ({
          kind: 'decision',
          authorizationId: a.authorization_id,
          holderId: a.holder_id,
          decision: 'APPROVE',
        })),
      );
    }
    // Nothing relays here: mark these events sent so that no service publishes them later.
    await db.query(`UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL AND message_key LIKE $1`, [
      `${o.outboxKeyPrefix}%`,
    ]);
    return {
      batchSize: o.batchSize,
      charges: o.charges.length,
      seconds,
      chargesPerS: o.charges.length / seconds,
      transactions,
    };
  } finally {
    await policyBooks.beforeApplicationShutdown();
    await db.destroy();
  }
}
