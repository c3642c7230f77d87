import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/**
 * docker/compose.yaml cannot be run here (no Docker): this parses it and checks what makes it
 * usable from the host and consistent with the Dockerfile, package.json and scripts/.
 */
const REPO = join(__dirname, '../..');
const read = (p: string): string => readFileSync(join(REPO, p), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  ports?: string[];
  entrypoint?: string[];
  command?: string[] | string;
  depends_on?: Record<string, { condition: string }>;
}

/** Compose's `${NAME:-default}` with nothing set: what `docker compose up` uses by default. */
const withDefaults = (v: string | number): string =>
  String(v)
    .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
    .replace(/\$\$/g, '$');

const compose = load(read('docker/compose.yaml')) as { services: Record<string, Service> };
const services = compose.services;
const env = (s: string, name: string): string => withDefaults(services[s].environment![name]);
/** host port -> container port of a service's published ports. */
const published = (s: string): Map<number, number> =>
  new Map(
    (services[s].ports ?? []).map((p) => {
      const [host, container] = withDefaults(p).split(':').map(Number);
      return [host, container];
    }),
  );

describe('docker/compose.yaml', () => {
  it('has Kafka, its topics, PostgreSQL, the service and the simulator', () => {
    expect(Object.keys(services).sort()).toEqual([
      'kafka',
      'pos-simulator',
      'postgres',
      'settlement-service',
      'topics',
    ]);
  });

  it('Kafka: containers reach kafka:9092, the host localhost on a published EXTERNAL listener', () => {
    const listeners = env('kafka', 'KAFKA_LISTENERS').split(',');
    const advertised = Object.fromEntries(
      env('kafka', 'KAFKA_ADVERTISED_LISTENERS')
        .split(',')
        .map((l) => l.split('://') as [string, string]),
    );
    expect(advertised.PLAINTEXT).toBe('kafka:9092');
    const external = listeners.find((l) => l.startsWith('EXTERNAL://'))!;
    const containerPort = Number(external.split(':').pop());
    const [host, hostPort] = advertised.EXTERNAL.split(':');
    expect(host).toBe('localhost');
    // what the host connects to is the port advertised to it, and it leads to the EXTERNAL listener
    expect(published('kafka').get(Number(hostPort))).toBe(containerPort);
    expect(env('kafka', 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP')).toContain('EXTERNAL:PLAINTEXT');
    expect(env('kafka', 'KAFKA_INTER_BROKER_LISTENER_NAME')).toBe('PLAINTEXT');
    // not the ports of scripts/infra (9092), the bench's private broker (19092) or the drill's (29092-29094)
    for (const taken of [9092, 19092, 29092, 29093, 29094]) expect(Number(hostPort)).not.toBe(taken);
  });

  it('PostgreSQL and the service are published on the host', () => {
    expect([...published('postgres').values()]).toEqual([5432]);
    expect([...published('postgres').keys()][0]).not.toBe(5432);
    const exposed = Number(/^EXPOSE (\d+)$/m.exec(read('docker/Dockerfile'))![1]);
    expect([...published('settlement-service').values()]).toEqual([Number(env('settlement-service', 'HTTP_PORT'))]);
    expect(Number(env('settlement-service', 'HTTP_PORT'))).toBe(exposed);
  });

  it('the service and the simulator use the internal listener and the same database and secret', () => {
    for (const s of ['settlement-service', 'pos-simulator']) {
      expect(env(s, 'KAFKA_BROKERS')).toBe('kafka:9092');
      expect(env(s, 'DATABASE_URL')).toMatch(/@postgres:5432\/gongji$/);
      expect(env(s, 'AUTH_JWT_SECRET')).toBe(env('settlement-service', 'AUTH_JWT_SECRET'));
      expect(services[s].build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    }
  });

  it('runs the simulator as scripts/demo.sh does, against the service, once it is healthy', () => {
    const sim = services['pos-simulator'];
    const demoEntry = /SIMULATOR=\(node ([^)]+)\)/.exec(read('scripts/demo.sh'))![1];
    expect(sim.entrypoint).toEqual(['node', demoEntry]);
    const args = (sim.command as string[]).map(withDefaults);
    expect(args[args.indexOf('--api') + 1]).toBe(`http://settlement-service:${env('settlement-service', 'HTTP_PORT')}`);
    for (const flag of ['--rate', '--duration', '--population', '--seed']) expect(args).toContain(flag);
    expect(sim.depends_on).toEqual({ 'settlement-service': { condition: 'service_healthy' } });
  });

  it('the service image starts what `npm start` starts', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    const cmd = /^CMD \[(.*)\]$/m.exec(read('docker/Dockerfile'))![1];
    expect(cmd).toContain(`"${start.split(' ').pop()!}"`);
  });

  it('creates the topics scripts/infra creates, with the same partitions', () => {
    const infra = [...read('scripts/infra/kafka-up.sh').matchAll(/([a-z.-]+\.v1(?:\.dlq)?):(\d+)/g)].map(
      ([, t, n]) => `${t}:${n}`,
    );
    const script = String(services.topics.command);
    const topics = /for t in ([^;]+);/.exec(script)![1].replace(/\\\n/g, ' ').trim().split(/\s+/);
    const partitions = /--partitions (\d+)/.exec(script)![1];
    expect(topics.map((t) => `${t}:${partitions}`).sort()).toEqual([...new Set(infra)].sort());
  });
});
