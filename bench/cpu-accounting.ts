/**
 * Where the machine's cores go during a step: CPU seconds of the service, PostgreSQL, the Kafka
 * broker, the load generator (this process) and everything else, read from /proc/<pid>/stat
 * before and after. Linux only; elsewhere the figures are empty.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export type CpuByRole = Record<string, number>;

let clockTicks: number | null = null;
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** user + system CPU ticks of one process, from the text of /proc/<pid>/stat. */
export function cpuTicksOf(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(rest[11]) + Number(rest[12]);
}

export function roleOf(pid: number, comm: string, cmdline: string, servicePid: number | undefined): string {
  if (pid === servicePid) return 'service';
  if (pid === process.pid) return 'load generator';
  if (comm === 'postgres') return 'postgres';
  if (cmdline.includes('kafka.Kafka')) return 'kafka';
  return 'other';
}

/** CPU seconds used so far by each role's processes. */
export function cpuSnapshot(servicePid: number | undefined): CpuByRole {
  const out: CpuByRole = {};
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  const hz = ticksPerSecond();
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const cmdline = comm === 'java' ? readFileSync(`/proc/${e}/cmdline`, 'utf8') : '';
      const role = roleOf(Number(e), comm, cmdline, servicePid);
      out[role] = (out[role] ?? 0) + cpuTicksOf(stat) / hz;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Cores used by each role between two snapshots taken `wallSeconds` apart. */
export function coresUsed(before: CpuByRole, after: CpuByRole, wallSeconds: number): CpuByRole {
  const out: CpuByRole = {};
  if (!(wallSeconds > 0)) return out;
  for (const role of Object.keys(after)) {
    const used = (after[role] ?? 0) - (before[role] ?? 0);
    if (used > 0) out[role] = Math.round((used / wallSeconds) * 100) / 100;
  }
  return out;
}

export function describeCores(cores: CpuByRole): string {
  const order = ['service', 'postgres', 'kafka', 'load generator', 'other'];
  return order
    .filter((r) => cores[r] !== undefined)
    .map((r) => `${r} ${cores[r]}`)
    .join(', ');
}
