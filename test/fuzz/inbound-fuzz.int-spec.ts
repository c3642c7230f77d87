import { CHARGE_REJECTION_CODES, CONTRIBUTION_REJECTION_CODES } from '@gongji/domain';
import { chargeRequested } from '../support/charge-builder';
import { DlqRecord, ReceivedEvent, eventually } from '../support/kafka-test-client';
import { serviceUnderTest } from '../support/service-under-test';
import { uid } from '../support/unique-ids';
import { ApiClient } from '../http/support/api-client';
import { FUZZ_SEED, MutatedBody, fuzzRuns, mutatedBody, samples } from './mutators';

/**
 * Property-based fuzzing of every input against the running service (real Kafka and
 * PostgreSQL): valid charges, reversals, decisions and contribution requests, and every HTTP
 * body, mutated (wrong types, huge and deep values, odd Unicode, prototype keys, NUL, numbers
 * past 2^53). Never a 5xx, never a stuck partition, never money moved by a rejected input, every
 * rejection with a contract code. FUZZ_RUNS inputs per target (small in CI; `npm run fuzz` runs
 * 5000), FUZZ_SEED replays a run.
 */
const RUNS = fuzzRuns(25);
const REVERSAL_CODES = ['INVALID_REVERSAL', 'MERCHANT_MISMATCH', 'REVERSAL_CONFLICT'];
const INBOUND = [
  'pos.charges.v1',
  'pos.reversals.v1',
  'mutualaid.authorization-decisions.v1',
  'mutualaid.contribution-requests.v1',
];
/** Stands for the unique id each input gets (an identifier, so mutations leave it alone). */
const ID = 'FUZZ-ID-SLOT';

describe(`fuzzing the inputs (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${FUZZ_SEED})`, () => {
  const sut = serviceUnderTest();
  const dlq: DlqRecord[] = [];
  let api: ApiClient;
  let tried = 0;

  beforeAll(async () => {
    api = new ApiClient(sut.app.baseUrl);
    for (const topic of INBOUND) {
      await sut.kafka.tail(`${topic}.dlq`, (m) => ({ key: m.key, value: m.value, headers: m.headers }), dlq);
    }
  });
  afterAll(() => {
    console.log(`fuzz: ${tried} inputs tried (FUZZ_RUNS=${RUNS} per target, FUZZ_SEED=${FUZZ_SEED})`);
  });

  const withIds = (inputs: MutatedBody[]) =>
    inputs.map((m) => {
      const id = uid('FZ');
      return { ...m, id, text: m.text.split(ID).join(id) };
    });
  const eventsAbout = (pick: (e: ReceivedEvent) => string | undefined, id: string) =>
    sut.events.filter((e) => pick(e) === id);

  it('Kafka: mutated charges, reversals, decisions and contributions are each answered or dead-lettered, and the partitions move on', async () => {
    const merchant = await sut.db.merchant({ regionCode: '110105' });
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 10_000_000n });
    const holder = await sut.db.person({ regionCode: '110105', balanceFen: 10_000_000n });
    const mother = await sut.db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });

    // A settled charge for the reversals to aim at.
    const target = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 500 }] });
    await sut.kafka.produce('pos.charges.v1', patient, target);
    await eventually(() => sut.events.find((e) => e.subject === target.chargeId && e.type === 'charge.settled'));

    const charge = {
      ...chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 100 }, { amountFen: 7 }] }),
      chargeId: ID,
    };
    const reversal = {
      reversalId: ID,
      chargeId: target.chargeId,
      merchantId: merchant,
      terminalId: 'T01',
      patientId: patient,
      requestedAt: new Date().toISOString(),
      reason: 'CUSTOMER_RETURN',
    };
    const decision = {
      authorizationId: ID,
      holderId: holder,
      decision: 'APPROVE',
      decidedAt: new Date().toISOString(),
    };
    const contribution = {
      contributionId: ID,
      holderId: holder,
      beneficiaryId: mother,
      relationship: 'MOTHER',
      scheme: 'RESIDENT_MEDICAL',
      period: String(new Date().getFullYear() + 1),
      amountFen: 300,
      payeeId: 'TAX-1101',
      requestedAt: new Date().toISOString(),
    };
    const charges = withIds(samples(mutatedBody(charge, 'chargeId'), RUNS, 1));
    const reversals = withIds(samples(mutatedBody(reversal, 'reversalId'), RUNS, 2));
    const decisions = withIds(samples(mutatedBody(decision, 'authorizationId'), RUNS, 3));
    const contributions = withIds(samples(mutatedBody(contribution, 'contributionId'), RUNS, 4));
    tried += charges.length + reversals.length + decisions.length + contributions.length;

    /** In requests under the broker's 1 MiB each (a fuzzed message can be 300 KB). */
    const send = async (topic: string, key: string, inputs: { text: string }[]) => {
      let chunk: { key: string; value: Buffer }[] = [];
      let bytes = 0;
      for (const input of [...inputs, null]) {
        const value = input === null ? null : Buffer.from(input.text);
        if (chunk.length && (value === null || bytes + value.length > 700_000)) {
          await sut.kafka.produceMany(topic, chunk);
          chunk = [];
          bytes = 0;
        }
        if (value) {
          chunk.push({ key, value });
          bytes += value.length;
        }
      }
    };
    await send('pos.charges.v1', patient, charges);
    await send('pos.reversals.v1', patient, reversals);
    await send('mutualaid.authorization-decisions.v1', holder, decisions);
    await send('mutualaid.contribution-requests.v1', holder, contributions);

    // Sentinels on the same keys: answered only if nothing before them stuck the partition.
    const sentinel = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 1 }] });
    const sentinelContribution = {
      ...contribution,
      contributionId: uid('FZ'),
      period: `${new Date().getFullYear() + 2}`,
    };
    await sut.kafka.produce('pos.charges.v1', patient, sentinel);
    await sut.kafka.produce('mutualaid.contribution-requests.v1', holder, sentinelContribution);
    await eventually(() => sut.events.find((e) => e.subject === sentinel.chargeId), 60000, 'the sentinel charge');
    await eventually(
      () => sut.events.find((e) => e.subject === sentinelContribution.contributionId),
      60000,
      'the sentinel contribution',
    );

    const failures: string[] = [];
    /** Inputs with a usable id, each answered by an event (the sentinels' answers came after theirs, give or take the relay). */
    const expectAnswer = async (
      kind: string,
      inputs: (MutatedBody & { id: string })[],
      pick: (e: ReceivedEvent) => string | undefined,
      rejected: string,
      codes: readonly string[],
    ) => {
      const answerable = inputs.filter((i) => i.keepsId);
      const answerOf = (i: { id: string }) => eventsAbout(pick, i.id)[0];
      await eventually(() => answerable.every(answerOf), 20000, `answers to every ${kind}`).catch(() => undefined);
      for (const input of answerable) {
        const answer = answerOf(input);
        if (!answer) failures.push(`${kind}: no answer to ${input.what}`);
        else if (answer.type === rejected) {
          const code = (answer.data.reason as { code: string }).code;
          if (!codes.includes(code)) failures.push(`${kind}: ${code} is no contract code (${input.what})`);
        }
      }
    };
    await expectAnswer('charge', charges, (e) => e.subject, 'charge.rejected', CHARGE_REJECTION_CODES);
    await expectAnswer(
      'reversal',
      reversals,
      (e) => e.data.reversalId as string | undefined,
      'reversal.rejected',
      REVERSAL_CODES,
    );
    await expectAnswer(
      'contribution',
      contributions,
      (e) => e.subject,
      'contribution.rejected',
      CONTRIBUTION_REJECTION_CODES,
    );

    // What carries no usable id is dead-lettered with its reason (decisions: every invalid one).
    const keyOf = (d: DlqRecord) => d.key?.toString();
    const idless = (list: MutatedBody[]) => list.filter((i) => !i.keepsId).length;
    await eventually(
      () => dlq.filter((d) => keyOf(d) === patient).length >= idless(charges) + idless(reversals),
      30000,
      'the dead letters of id-less charges and reversals',
    );
    const deadCodes = new Set(
      dlq.filter((d) => [patient, holder].includes(keyOf(d) ?? '')).map((d) => d.headers['x-error-code']),
    );
    expect([...deadCodes].filter((c) => c === 'PROCESSING_FAULT' || c === 'UNKNOWN_TOPIC')).toEqual([]);

    expect(failures).toEqual([]);

    // Money: only what was settled moved; every rejected input left the balances and the journal alone.
    const sum = async (sql: string, id: string) =>
      BigInt((await sut.db.pool.query<{ s: string }>(sql, [id])).rows[0].s);
    const spent = await sum(
      `SELECT coalesce(sum(acct_pay_fen), 0) AS s FROM charges WHERE patient_id = $1 AND status = 'SETTLED'`,
      patient,
    );
    const rejectedIds = charges.filter((c) =>
      eventsAbout((e) => e.subject, c.id).some((e) => e.type === 'charge.rejected'),
    );
    const legsOfRejected = await sut.db.pool.query(`SELECT 1 FROM settlement_legs WHERE charge_id = ANY($1::text[])`, [
      rejectedIds.map((c) => c.id),
    ]);
    expect(legsOfRejected.rowCount).toBe(0);
    const patientAccount = await sut.db.account(patient);
    expect(patientAccount.balanceFen).toBe(10_000_000n - spent);
    expect(patientAccount.heldFen).toBe(0n);
    expect(await sut.db.journalBalance(patient)).toBe(patientAccount.balanceFen);

    const contributed = await sum(
      `SELECT coalesce(sum(amount_fen), 0) AS s FROM contributions WHERE holder_id = $1 AND status = 'PAID'`,
      holder,
    );
    const holderAccount = await sut.db.account(holder);
    expect(holderAccount.balanceFen).toBe(10_000_000n - contributed);
    expect(await sut.db.journalBalance(holder)).toBe(holderAccount.balanceFen);
    expect(await sut.db.unbalancedJournalEntries()).toBe(0);
  });

  it('HTTP: every mutated body is answered below 500, a refusal with a code, and moves no money', async () => {
    const merchant = await sut.db.merchant({ regionCode: '110105' });
    const holder = await sut.db.person({ regionCode: '110105', balanceFen: 1_000_000n });
    const patient = await sut.db.person({ regionCode: '110105', balanceFen: 1_000_000n });
    const mother = await sut.db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const child = await sut.db.person({ regionCode: '110105', insuranceType: 'RESIDENT' });
    const bindingId = await sut.db.binding({
      holderId: holder,
      beneficiaryId: child,
      relationship: 'CHILD',
      paymentOrder: 1,
    });
    const settled = chargeRequested({ merchantId: merchant, patientId: patient, items: [{ amountFen: 300 }] });
    expect((await api.post('/v1/charges?waitS=20', settled)).status).toBe(200);
    const paid = await api.post('/v1/contributions', {
      contributionId: uid('FZ'),
      holderId: holder,
      beneficiaryId: mother,
      relationship: 'MOTHER',
      scheme: 'RESIDENT_MEDICAL',
      period: String(new Date().getFullYear() + 1),
      amountFen: 300,
      payeeId: 'TAX-1101',
      requestedAt: new Date().toISOString(),
    });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

    // Every route that takes a body (from the controllers), with a valid body to mutate.
    const routes: { method: string; path: string; body: Record<string, unknown> }[] = [
      {
        method: 'PUT',
        path: `/v1/merchants/${uid('FM')}`,
        body: { name: '药房', kind: 'PHARMACY', regionCode: '110105', designated: true },
      },
      {
        method: 'PUT',
        path: `/v1/persons/${uid('FP')}`,
        body: {
          name: '张三',
          regionCode: '110105',
          insuranceType: 'EMPLOYEE',
          enrollmentStatus: 'ACTIVE',
          fraudRecordAt: null,
        },
      },
      {
        method: 'POST',
        path: `/v1/accounts/${holder}/credits`,
        body: { creditId: ID, amountFen: 100, reason: 'ADJUSTMENT' },
      },
      { method: 'PUT', path: `/v1/accounts/${holder}/reserve`, body: { reserveFen: 100 } },
      { method: 'PUT', path: `/v1/accounts/${holder}/relatives-limit`, body: { monthlyLimitFen: null } },
      {
        method: 'POST',
        path: '/v1/bindings',
        body: { holderId: holder, beneficiaryId: mother, relationship: 'MOTHER', monthlyLimitFen: null },
      },
      { method: 'PATCH', path: `/v1/bindings/${bindingId}`, body: { monthlyLimitFen: 1000 } },
      { method: 'PUT', path: `/v1/persons/${child}/funding-order`, body: { bindingIds: [bindingId] } },
      { method: 'POST', path: `/v1/authorizations/${uid('FA')}/decision`, body: { decision: 'APPROVE' } },
      { method: 'POST', path: '/v1/quotes', body: { ...settled, chargeId: ID } },
      { method: 'POST', path: '/v1/charges?waitS=10', body: { ...settled, chargeId: ID } },
      {
        method: 'POST',
        path: '/v1/reversals?waitS=10',
        body: {
          reversalId: ID,
          chargeId: settled.chargeId,
          merchantId: merchant,
          terminalId: 'T01',
          patientId: patient,
          requestedAt: new Date().toISOString(),
          reason: 'OPERATOR_ERROR',
        },
      },
      {
        method: 'POST',
        path: '/v1/contributions',
        body: {
          contributionId: ID,
          holderId: holder,
          beneficiaryId: mother,
          relationship: 'MOTHER',
          scheme: 'RESIDENT_MEDICAL',
          period: String(new Date().getFullYear() + 3),
          amountFen: 300,
          payeeId: 'TAX-1101',
          requestedAt: new Date().toISOString(),
        },
      },
      {
        method: 'POST',
        path: `/v1/contributions/${paid.body?.contributionId ?? uid('FZ')}/refunds`,
        body: { refundId: ID, reason: '退费' },
      },
      {
        method: 'POST',
        path: `/v1/merchants/${merchant}/reconciliations`,
        body: {
          date: today,
          settledCount: 1,
          acctPayFen: 300,
          acctMulaidPayFen: 0,
          reversedCount: 0,
          reversedAcctPayFen: 0,
        },
      },
      {
        method: 'PUT',
        path: `/v1/region-policies/99${String(Date.now() % 10000).padStart(4, '0')}/versions/${tomorrow}`,
        body: { maxBeneficiaries: 3 },
      },
    ];

    const money = async () =>
      (
        await sut.db.pool.query<{ m: string }>(
          `SELECT concat_ws('/', sum(balance_fen), sum(held_fen),
                  (SELECT count(*) FROM journal_lines WHERE ledger_account = ANY($2::text[]))) AS m
             FROM accounts WHERE account_id = ANY($1::text[])`,
          [
            [holder, patient],
            [`PA:${holder}`, `PA:${patient}`],
          ],
        )
      ).rows[0].m;

    const failures: string[] = [];
    for (const [r, route] of routes.entries()) {
      const inputs = withIds(samples(mutatedBody(route.body, null), RUNS, 100 + r));
      tried += inputs.length;
      for (const input of inputs) {
        const before = await money();
        const answer = await api.call(route.method, route.path.split(ID).join(input.id), { rawBody: input.text });
        const where = `${route.method} ${route.path.replace(/\?.*/, '')} with ${input.what}`;
        if (answer.status >= 500)
          failures.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}: ${where}`);
        else if (answer.status >= 400) {
          const code = (answer.body as { code?: unknown } | null)?.code;
          if (typeof code !== 'string' || !/^[A-Z][A-Z_]+$/.test(code))
            failures.push(`${answer.status} without a code: ${where}`);
          const after = await money();
          if (after !== before) failures.push(`money moved (${before} → ${after}) by a refused ${where}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await sut.db.journalBalance(holder)).toBe((await sut.db.account(holder)).balanceFen);
    expect(await sut.db.unbalancedJournalEntries()).toBe(0);
  });
});
