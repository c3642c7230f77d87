/**
 * Options of the fault drill (`npm run drill -- [options]`). Run directly, it prints the usage
 * (`--help`) or only checks the options (`--validate`, exit 2 when they are wrong): scripts/drill.sh
 * does so before building anything.
 */

export const FAULT_NAMES = ['kill', 'rolling-restart', 'broker', 'pg-restart', 'pg-read-only', 'dlq'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];
export const ALL_TOGETHER = 'all-together';

export const FAULT_TITLES: Record<FaultName | typeof ALL_TOGETHER, string> = {
  kill: 'kill -9 of an instance, restarted 4 s later',
  'rolling-restart': 'SIGTERM rolling restart, each instance in turn',
  broker: 'broker stopped, started again ~10 s later',
  'pg-restart': 'PostgreSQL restart (pg_ctl restart -m fast)',
  'pg-read-only': 'PostgreSQL read-only for ~10 s (as after a fail-over)',
  dlq: 'DLQ topics unwritable for ~10 s, with poison messages',
  'all-together': 'all of them at once',
};

export interface DrillOptions {
  instances: number;
  rate: number;
  population: number;
  faults: FaultName[];
  allTogether: boolean;
  short: boolean;
  keep: boolean;
  /** Each fault alone this many times (before the all-together round). */
  repeat: number;
  seed: number;
  /** Steady traffic before the first fault, s. */
  warmupS: number;
  /** Quiet time after a fault has healed and settlement resumed, before the next one, s. */
  recoveryS: number;
  /** Longest wait for settlement to resume after a fault before the next one anyway, s. */
  maxRecoveryS: number;
  /** Settlement must resume within this long after a fault healed, s. */
  resumeLimitS: number;
  poisonShare: number;
  brokerDownS: number;
  readOnlyS: number;
  dlqDownS: number;
  killRestartDelayS: number;
  /** The simulator's wait for outstanding outcomes after the traffic, s. */
  drainTimeoutS: number;
}

export class DrillUsageError extends Error {}

export const DRILL_USAGE = `Usage: npm run drill -- [options]      (bash scripts/drill.sh [options])

Plays steady simulated traffic through the settlement service on a private Kafka broker and a
private PostgreSQL cluster while injecting faults, each alone (recovery time between them) and
then all together; checks that every charge is answered exactly once whatever happens.

  --instances N     service instances in one consumer group (1)
  --rate R          charges per second (300; 100 with --short)
  --population P    insured persons (1500; 600 with --short)
  --faults LIST     comma-separated, in this order by default (all, then all-together):
                    ${[...FAULT_NAMES, ALL_TOGETHER].join(', ')}
  --repeat N        each fault alone N times (2; 1 with --short)
  --short           each fault once, small load, short gaps: the CI version (about 4-6 minutes)
  --keep            leave the private broker and database up afterwards (stop: --down)
  --down            stop what an earlier --keep left up, and exit
  --seed N          simulator seed (42)
  --poison-share X  share of unreadable messages in the traffic (0.005)
  --recovery S      quiet seconds after each fault has healed and settlement resumed (25; 8 short)
  --help            this text

Faults: kill (kill -9 of an instance, restarted 4 s later; with several instances the last one),
rolling-restart (SIGTERM each instance in turn, the next once the previous is ready again), broker
(SIGTERM to the private broker, started again 10 s later), pg-restart (pg_ctl restart -m fast),
pg-read-only (default_transaction_read_only on for 10 s, as after a fail-over to a replica), dlq
(for 10 s the *.dlq topics' second replica, a broker node of its own, is stopped and
min.insync.replicas=2 set on them: acks=-1 writes fail with NOT_ENOUGH_REPLICAS, checked by a
probe write; with one replica Kafka 3.9 would cap the setting and accept them; the traffic
carries poison messages meanwhile).

Pass criteria, per fault and overall: no charge without a final outcome, none with two; the
outbox empty at the end; every invariant of the simulator holds; settlement resumes within 10 s
(all partitions answering again, timed by when the broker appended each answer, so the
simulator's own consumer rejoining is not counted; its lag is noted) after the fault healed: after the killed instance was started
again (with several instances: after the kill, the survivors taking over), after the broker is
back, after the database is back or writable, after the DLQ is writable, after the last instance
of a rolling restart is ready.

Results: a table, drill/results/<timestamp>.json, latest.json, latest.svg; logs under
drill/results/runs/<timestamp>/. Exit status 0 all passed, 1 a check failed, 2 could not run.
`;

export function parseDrillOptions(argv: readonly string[]): DrillOptions {
  const short = argv.includes('--short');
  const o: DrillOptions = {
    instances: 1,
    rate: short ? 100 : 300,
    population: short ? 600 : 1500,
    faults: [...FAULT_NAMES],
    allTogether: true,
    short,
    keep: false,
    repeat: short ? 1 : 2,
    seed: 42,
    warmupS: short ? 8 : 20,
    recoveryS: short ? 8 : 25,
    maxRecoveryS: short ? 35 : 60,
    resumeLimitS: 10,
    poisonShare: 0.005,
    brokerDownS: 10,
    readOnlyS: 10,
    dlqDownS: 10,
    killRestartDelayS: 4,
    drainTimeoutS: short ? 30 : 60,
  };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new DrillUsageError(`${flag} needs a value`);
    return v;
  };
  const number = (flag: string, min: number, max: number, integer: boolean): number => {
    const raw = value(flag);
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new DrillUsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return v;
  };
  while (args.length) {
    const flag = args.shift() as string;
    switch (flag) {
      case '--instances':
        o.instances = number(flag, 1, 4, true);
        break;
      case '--rate':
        o.rate = number(flag, 1, 5000, false);
        break;
      case '--population':
        o.population = number(flag, 50, 100_000, true);
        break;
      case '--faults': {
        const names = value(flag)
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        const unknown = names.filter((n) => n !== ALL_TOGETHER && !(FAULT_NAMES as readonly string[]).includes(n));
        if (unknown.length || names.length === 0) {
          throw new DrillUsageError(
            `--faults: unknown ${unknown.join(', ') || '(empty)'}; known: ${[...FAULT_NAMES, ALL_TOGETHER].join(', ')}`,
          );
        }
        o.faults = names.filter((n): n is FaultName => n !== ALL_TOGETHER);
        o.allTogether = names.includes(ALL_TOGETHER);
        break;
      }
      case '--repeat':
        o.repeat = number(flag, 1, 10, true);
        break;
      case '--seed':
        o.seed = number(flag, 0, 2 ** 31, true);
        break;
      case '--poison-share':
        o.poisonShare = number(flag, 0, 0.5, false);
        break;
      case '--recovery':
        o.recoveryS = number(flag, 0, 600, false);
        break;
      case '--short':
        break; // read above: it changes defaults
      case '--keep':
        o.keep = true;
        break;
      case '--down':
        break; // scripts/drill.sh's
      case '--help':
      case '-h':
        throw new DrillUsageError('');
      default:
        throw new DrillUsageError(`unknown option ${flag}`);
    }
  }
  return o;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--help' || argv[0] === '-h') {
    console.log(DRILL_USAGE);
    process.exit(0);
  }
  try {
    parseDrillOptions(argv[0] === '--validate' ? argv.slice(1) : argv);
  } catch (err) {
    if (!(err instanceof DrillUsageError)) throw err;
    if (err.message) console.error(`drill: ${err.message}\n`);
    console.error(DRILL_USAGE);
    process.exit(2);
  }
}
