import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/settlement-service/src/store/data-source-options';
import { migrateWithLock } from '../../apps/settlement-service/src/store/migrate-with-lock';
import { MIGRATIONS } from '../../apps/settlement-service/src/store/migrations';
import { TEST_DATABASE_URL } from '../support/test-config';

/** Several instances starting together on a fresh database: each migration runs exactly once. */
describe('migrations at start', () => {
  const name = `gongji_migrate_${Date.now().toString(36)}`;
  const url = TEST_DATABASE_URL.replace(/\/[^/?]+(\?.*)?$/, `/${name}$1`);
  const admin = () => new Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('three instances migrating at once: one runs every migration, the others find none pending', async () => {
    const sources = await Promise.all([1, 2, 3].map(() => new DataSource(dataSourceOptions(url, 2)).initialize()));
    try {
      const ran = await Promise.all(sources.map((ds) => migrateWithLock(ds)));
      expect(ran.flat().sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
      expect(ran.filter((r) => r.length > 0)).toHaveLength(1);
      const rows = (await sources[0].query(`SELECT name FROM migrations`)) as { name: string }[];
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
  });
});
