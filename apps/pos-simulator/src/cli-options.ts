/** Command-line options of the simulator, with defaults from the environment the service uses. */

export interface SimulatorOptions {
  seed: number;
  rate: number;
  durationS: number;
  population: number;
  apiUrl: string;
  brokers: string[];
  databaseUrl: string;
  jwtSecret: string;
  /** iss and aud of the bureau token, when the service checks them (AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE). */
  jwtIssuer?: string;
  jwtAudience?: string;
  runId: string | null;
  drainTimeoutS: number;
  maxWaitS: number;
  concurrency: number;
  progress: boolean;
  jsonOut: string | null;
  /** Only move this consumer group to the end of the inbound topics, then exit (demo.sh). */
  fastForwardGroup: string | null;
  /** Write when each final outcome was published (its Kafka timestamp; counts per 100 ms bucket) to this file. */
  timelineOut: string | null;
  /** Share of unreadable (not JSON) messages sent to pos.charges.v1, next to the charges. */
  poisonShare: number;
  /** Follow the DLQ topics and check every poison message arrives there (implied by poison). */
  dlqCheck: boolean;
  /** After the traffic, wait this long for poison messages still missing from the DLQ. */
  dlqWaitS: number;
  /** Share of employee holders paying relatives' contributions during the run (0: no season). */
  seasonShare: number;
  /** Share of merchants settling over HTTP (hospitals always when > 0; 0: all over Kafka). */
  httpShare: number;
  /** Route answers to terminals by header and check each terminal got its own. */
  routing: boolean;
  /** Each merchant reconciles its day at the end; a few fetch the day's lines as CSV. */
  merchantDay: boolean;
  /** Holders who fetch and check this month's statement at the end (0: none). */
  statements: number;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npx tsx apps/pos-simulator/src/main.ts [options]

  --seed N              PRNG seed: the same seed gives the same population and traffic (42)
  --rate R              charges per second (200)
  --duration S          seconds of traffic (60)
  --population P        insured persons, in whole families (1500)
  --api URL             service base URL (http://127.0.0.1:$HTTP_PORT, port 3000 by default)
  --brokers LIST        Kafka brokers (KAFKA_BROKERS or 127.0.0.1:9092)
  --database-url URL    PostgreSQL for the invariant checks (DATABASE_URL or .../gongji)
  --jwt-secret S        HS256 secret for the bureau token (AUTH_JWT_SECRET; its iss/aud from
                        AUTH_JWT_ISSUER/AUTH_JWT_AUDIENCE when set)
  --run-id ID           prefix of every id of this run (default: generated, unique per run)
  --drain-timeout S     wait this long for outstanding outcomes after the last charge (30)
  --max-wait S          hard cap on that wait, incl. authorizations left to expire (180)
  --concurrency N       parallel registration requests (16)
  --json FILE           also write the summary and checks as JSON
  --no-progress         no progress bar
  --timeline FILE       write when each final outcome was published: JSON lines per 100 ms bucket
                        {"t": epoch ms, "n": count, "p": {partition: count}} (for a fault drill)
  --poison-share X      share of extra unreadable messages (not JSON) sent to pos.charges.v1 (0)
  --dlq-check           follow the DLQ topics; every poison message must arrive on
                        pos.charges.v1.dlq under its key, bytes untouched, with x-error-code
                        (always on when poison is sent)
  --dlq-wait S          after the traffic, wait up to S s for poison still missing there (60)
  --season X            share of employee holders paying relatives' contributions for next
                        year while charges flow, over Kafka and HTTP, with refusals and a refund (0)
  --http-share X        share of merchants settling over POST /v1/charges (hospitals too when > 0) (0)
  --routing             route answers to terminals by the merchantId/terminalId headers and check
  --merchant-day        every merchant reconciles its day (plus one wrong figure) and a few fetch
                        the day's lines as CSV
  --statements N        holders who fetch this month's statement (JSON, CSV) and check it (0)
  --fast-forward-group G  move consumer group G to the end of the inbound topics and exit

Signals: SIGUSR2 stops sending new charges; the run then drains and reports as after --duration.
Charges the broker did not take are kept and sent again, unchanged, until it does (store and
forward); the outcome consumer and the database checks survive broker and database restarts.
`;

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): SimulatorOptions {
  const o: SimulatorOptions = {
    seed: 42,
    rate: 200,
    durationS: 60,
    population: 1500,
    apiUrl: `http://127.0.0.1:${env.HTTP_PORT ?? '3000'}`,
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    databaseUrl: env.DATABASE_URL ?? 'postgres://gongji_service@127.0.0.1:5432/gongji',
    jwtSecret: env.AUTH_JWT_SECRET ?? '',
    jwtIssuer: env.AUTH_JWT_ISSUER,
    jwtAudience: env.AUTH_JWT_AUDIENCE,
    runId: null,
    drainTimeoutS: 30,
    maxWaitS: 180,
    concurrency: 16,
    progress: true,
    jsonOut: null,
    fastForwardGroup: null,
    timelineOut: null,
    poisonShare: 0,
    dlqCheck: false,
    dlqWaitS: 60,
    seasonShare: 0,
    httpShare: 0,
    routing: false,
    merchantDay: false,
    statements: 0,
  };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const number = (flag: string, min: number, integer = true): number => {
    const raw = value(flag);
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got ${raw}`);
    }
    return v;
  };
  while (args.length) {
    const flag = args.shift() as string;
    switch (flag) {
      case '--seed':
        o.seed = number(flag, 0);
        break;
      case '--rate':
        o.rate = number(flag, 0.1, false);
        break;
      case '--duration':
        o.durationS = number(flag, 0.1, false);
        break;
      case '--population':
        o.population = number(flag, 1);
        break;
      case '--api':
        o.apiUrl = value(flag).replace(/\/+$/, '');
        break;
      case '--brokers':
        o.brokers = value(flag).split(',').filter(Boolean);
        break;
      case '--database-url':
        o.databaseUrl = value(flag);
        break;
      case '--jwt-secret':
        o.jwtSecret = value(flag);
        break;
      case '--run-id': {
        const id = value(flag);
        if (!/^[A-Za-z0-9]{1,16}$/.test(id)) throw new UsageError('--run-id must be 1 to 16 letters or digits');
        o.runId = id;
        break;
      }
      case '--drain-timeout':
        o.drainTimeoutS = number(flag, 0, false);
        break;
      case '--max-wait':
        o.maxWaitS = number(flag, 0, false);
        break;
      case '--concurrency':
        o.concurrency = number(flag, 1);
        break;
      case '--json':
        o.jsonOut = value(flag);
        break;
      case '--no-progress':
        o.progress = false;
        break;
      case '--timeline':
        o.timelineOut = value(flag);
        break;
      case '--poison-share': {
        o.poisonShare = number(flag, 0, false);
        if (o.poisonShare >= 1) throw new UsageError('--poison-share must be below 1');
        break;
      }
      case '--dlq-check':
        o.dlqCheck = true;
        break;
      case '--dlq-wait':
        o.dlqWaitS = number(flag, 0, false);
        break;
      case '--season':
        o.seasonShare = number(flag, 0, false);
        if (o.seasonShare > 1) throw new UsageError('--season must be at most 1');
        break;
      case '--http-share':
        o.httpShare = number(flag, 0, false);
        if (o.httpShare > 1) throw new UsageError('--http-share must be at most 1');
        break;
      case '--routing':
        o.routing = true;
        break;
      case '--merchant-day':
        o.merchantDay = true;
        break;
      case '--statements':
        o.statements = number(flag, 0);
        break;
      case '--fast-forward-group':
        o.fastForwardGroup = value(flag);
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (o.poisonShare > 0) o.dlqCheck = true;
  if (o.fastForwardGroup === null && o.jwtSecret.length === 0) {
    throw new UsageError('a JWT secret is needed: set AUTH_JWT_SECRET or pass --jwt-secret');
  }
  return o;
}

/** A run id unique enough per run: base-36 time in centiseconds. */
export function newRunId(nowMs: number): string {
  return `s${Math.floor(nowMs / 10).toString(36)}`;
}
