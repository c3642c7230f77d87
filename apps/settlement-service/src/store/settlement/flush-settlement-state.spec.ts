import type { PoolClient } from 'pg';
import { flushSettlementState } from './flush-settlement-state';
import { SettlementState } from '../../application/settlement/settlement-state';
import { SqlRunner, sqlOnClient } from '../sql-runner';

/** What the write sent: node-postgres query configs, captured by a fake connection (no I/O). */
function capturingTx(): { tx: SqlRunner; sent: { name?: string; text: string; values: unknown[] }[] } {
  const sent: { name?: string; text: string; values: unknown[] }[] = [];
  const client = {
    query: (config: { name?: string; text: string; values: unknown[] }) => {
      sent.push(config);
      return Promise.resolve({ rows: [] });
    },
  } as unknown as PoolClient;
  return { tx: sqlOnClient(client), sent };
}

function emptyState(): SettlementState {
  return new SettlementState();
}

/** Some of a settled charge's writes: an account debited, the charge, its journal entry, its event, an offset. */
function busyState(): SettlementState {
  const s = new SettlementState();
  s.accounts.set('acc-1', {
    accountId: 'acc-1',
    personId: 'p-1',
    balanceFen: 900n,
    heldFen: 0n,
    reserveFen: 0n,
    relativesMonthlyLimitFen: null,
  });
  s.changedAccounts.add('acc-1');
  s.charges.set('c-1', {
    chargeId: 'c-1',
    contentHash: 'h',
    patientId: 'p-1',
    merchantId: 'm-1',
    terminalId: 't-1',
    status: 'SETTLED',
    reasonCode: null,
    occurredAt: new Date('2026-11-23T10:00:00Z'),
    decidedAt: new Date('2026-11-23T10:00:01Z'),
    settledAt: new Date('2026-11-23T10:00:01Z'),
    amounts: null,
    request: { chargeId: 'c-1' },
    outcome: { chargeId: 'c-1' },
    policyVersion: 'v1',
    authorizationId: null,
    pendingDecision: null,
    settledUsage: [],
    reversalId: null,
    reversedAt: null,
  });
  s.newCharges.add('c-1');
  s.journal.push({
    kind: 'SETTLEMENT',
    refId: 'c-1',
    lines: [
      { ledgerAccount: 'PA:acc-1', side: 'D', amountFen: 100n },
      { ledgerAccount: 'MC:m-1', side: 'C', amountFen: 100n },
    ],
  });
  s.events.push({ eventId: 'e-1', topic: 't', key: 'p-1', type: 'charge.settled', payload: '{}', dataJson: '{}' });
  s.offsets.set('pos.charges.v1|0', { topic: 'pos.charges.v1', partition: 0, nextOffset: 8n });
  return s;
}

describe('flushSettlementState', () => {
  it('sends one statement whose text does not depend on what the batch changed, as a named prepared statement', async () => {
    const { tx, sent } = capturingTx();
    await flushSettlementState(tx, emptyState(), 'group');
    await flushSettlementState(tx, busyState(), 'group');

    expect(sent).toHaveLength(2);
    expect(sent[0].name).toMatch(/^gongji_[0-9a-f]{24}$/);
    expect(sent[1].name).toBe(sent[0].name);
    expect(sent[1].text).toBe(sent[0].text);
    // Only the parameters carry the batch: empty arrays for an empty one, the rows for the other.
    const arrays = (values: unknown[]) => values.filter((v): v is Buffer => Buffer.isBuffer(v));
    expect(arrays(sent[0].values).length).toBeGreaterThan(20);
    // An empty array has no dimensions: its first four bytes are 0.
    expect(arrays(sent[0].values).every((b) => b.readInt32BE(0) === 0)).toBe(true);
    expect(arrays(sent[1].values).some((b) => b.includes('c-1'))).toBe(true);
    expect(sent[1].values).not.toEqual(sent[0].values);
  });
});
