import { describeFault, isRetryableCollision, isSizeSensitiveFault, isWorldFault } from './fault-class';

const sql = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** What TypeORM throws: its own error around the driver's. */
const typeorm = (code: string) => Object.assign(new Error('query failed'), { driverError: sql(code) });

describe('fault classes', () => {
  it.each([
    ['25006', 'read-only after a fail-over'],
    ['53100', 'disk full'],
    ['53200', 'out of memory'],
    ['53300', 'too many connections'],
    ['57014', 'statement timeout'],
    ['57P01', 'administrator shutdown'],
    ['08006', 'connection failure'],
    ['40001', 'serialization failure outlasting the retries'],
    ['40P01', 'deadlock outlasting the retries'],
    ['55P03', 'lock not available'],
    ['42501', 'privilege taken away'],
    ['58030', 'I/O error'],
    ['3D000', 'database gone'],
  ])('SQLSTATE %s (%s) is the world', (code) => {
    expect(isWorldFault(sql(code))).toBe(true);
    expect(isWorldFault(typeorm(code))).toBe(true);
  });

  it.each(['22021', '22P02', '23502', '23514', 'P0001', 'XX000'])(
    'SQLSTATE %s is not known to be the world (the lane probes before blaming a message)',
    (code) => expect(isWorldFault(sql(code))).toBe(false),
  );

  it('network errors and the driver lost connection are the world; a plain bug is not', () => {
    expect(isWorldFault(sql('ECONNREFUSED'))).toBe(true);
    expect(isWorldFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isWorldFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isWorldFault(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isWorldFault(null)).toBe(false);
  });

  it('a timeout or memory shortage may pass with a smaller batch; a read-only database may not', () => {
    expect(isSizeSensitiveFault(sql('57014'))).toBe(true);
    expect(isSizeSensitiveFault(sql('53200'))).toBe(true);
    expect(isSizeSensitiveFault(sql('54001'))).toBe(true);
    expect(isSizeSensitiveFault(sql('25006'))).toBe(false);
  });

  it('collisions are retried whole by the processor', () => {
    expect(isRetryableCollision(typeorm('23505'))).toBe(true);
    expect(isRetryableCollision(sql('40P01'))).toBe(true);
    expect(isRetryableCollision(sql('25006'))).toBe(false);
  });

  it('describes a fault by its code and message', () => {
    expect(describeFault(typeorm('25006'))).toBe('[25006] query failed');
    expect(describeFault('odd')).toBe('odd');
  });
});
