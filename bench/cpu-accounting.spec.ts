import { coresUsed, cpuTicksOf, describeCores, roleOf } from './cpu-accounting';

describe('cpu accounting', () => {
  it('reads utime + stime from /proc/<pid>/stat, whatever the command name holds', () => {
    const stat = '1234 (node (weird) name) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 11 0 100 0 0';
    expect(cpuTicksOf(stat)).toBe(325);
  });

  it('assigns processes to roles', () => {
    expect(roleOf(10, 'node', '', 10)).toBe('service');
    expect(roleOf(11, 'postgres', '', 10)).toBe('postgres');
    expect(roleOf(12, 'java', 'java\0-cp\0kafka.Kafka\0server.properties', 10)).toBe('kafka');
    expect(roleOf(process.pid, 'node', '', 10)).toBe('load generator');
    expect(roleOf(13, 'bash', '', 10)).toBe('other');
  });

  it('turns two snapshots into cores used per role', () => {
    const cores = coresUsed({ service: 10, postgres: 5 }, { service: 12, postgres: 8, kafka: 0.5 }, 4);
    expect(cores).toEqual({ service: 0.5, postgres: 0.75, kafka: 0.13 });
    expect(describeCores(cores)).toBe('service 0.5, postgres 0.75, kafka 0.13');
  });
});
