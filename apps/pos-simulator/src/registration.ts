/**
 * Registers a population through the HTTP API as bureau staff would: merchants, persons, money
 * paid into accounts, reserves and total limits, then each family's bindings in order and the
 * payment order of beneficiaries with several holders. Families are registered concurrently,
 * each family's steps in order (a Shaanxi holder needs the money before the binding).
 */
import { ApiClient, ApiError, forEachLimited } from './api-client';
import type { Population, SimFamily, SimPerson } from './population-model';

export interface RegistrationFailure {
  readonly what: string;
  readonly status: number | null;
  readonly code: string | null;
  readonly message: string;
}

export interface RegistrationResult {
  readonly requests: number;
  /** SimBinding key -> bindingId assigned by the service. */
  readonly bindingIds: Map<string, string>;
  readonly failures: RegistrationFailure[];
  readonly seconds: number;
}

/** How many requests registering `p` takes (for a progress bar). */
export function registrationRequests(p: Population): number {
  let n = p.merchants.length + p.persons.length;
  for (const person of p.persons) {
    n +=
      person.credits.length + (person.reserveFen !== null ? 1 : 0) + (person.relativesMonthlyLimitFen !== null ? 1 : 0);
  }
  for (const f of p.families) n += f.bindings.length + f.fundingOrders.length;
  return n;
}

export async function registerPopulation(
  api: ApiClient,
  p: Population,
  opts: { concurrency: number; onRequest?: () => void },
): Promise<RegistrationResult> {
  const started = Date.now();
  const failures: RegistrationFailure[] = [];
  const bindingIds = new Map<string, string>();
  let requests = 0;
  const call = async <T>(
    what: string,
    method: string,
    path: string,
    body: unknown,
    idempotent?: boolean,
  ): Promise<T | null> => {
    requests++;
    try {
      const res = await api.request<T>(method, path, body, { idempotent });
      return res.body;
    } catch (err) {
      const e = err as Error;
      failures.push({
        what,
        status: err instanceof ApiError ? err.status : null,
        code: err instanceof ApiError ? err.code : null,
        message: e.message,
      });
      return null;
    } finally {
      opts.onRequest?.();
    }
  };
  const enc = encodeURIComponent;

  await forEachLimited(p.merchants, opts.concurrency, async (m) => {
    await call('merchant', 'PUT', `/v1/merchants/${enc(m.merchantId)}`, {
      name: m.name,
      kind: m.kind,
      regionCode: m.regionCode,
      designated: m.designated,
    });
  });

  const byId = new Map(p.persons.map((x) => [x.personId, x]));
  const registerPerson = async (x: SimPerson): Promise<void> => {
    const ok = await call('person', 'PUT', `/v1/persons/${enc(x.personId)}`, {
      name: x.name,
      regionCode: x.regionCode,
      insuranceType: x.insuranceType,
      enrollmentStatus: x.enrollmentStatus,
      fraudRecordAt: x.fraudRecordAt,
    });
    if (ok === null) return;
    for (const c of x.credits) {
      // idempotent by creditId: safe to send again after any failure
      await call(
        'credit',
        'POST',
        `/v1/accounts/${enc(x.personId)}/credits`,
        {
          creditId: c.creditId,
          amountFen: c.amountFen,
          reason: c.reason,
        },
        true,
      );
    }
    if (x.reserveFen !== null) {
      await call('reserve', 'PUT', `/v1/accounts/${enc(x.personId)}/reserve`, { reserveFen: x.reserveFen });
    }
    if (x.relativesMonthlyLimitFen !== null) {
      // Not in the contract's table: the service's Tai'an-style total limit endpoint.
      await call('relatives limit', 'PUT', `/v1/accounts/${enc(x.personId)}/relatives-limit`, {
        monthlyLimitFen: x.relativesMonthlyLimitFen,
      });
    }
  };

  const registerFamily = async (f: SimFamily): Promise<void> => {
    await Promise.all(f.memberIds.map((id) => registerPerson(byId.get(id) as SimPerson)));
    for (const b of f.bindings) {
      const res = await call<{ bindingId: string }>('binding', 'POST', '/v1/bindings', {
        holderId: b.holderId,
        beneficiaryId: b.beneficiaryId,
        relationship: b.relationship,
        monthlyLimitFen: b.monthlyLimitFen,
      });
      if (res?.bindingId) bindingIds.set(b.key, res.bindingId);
    }
    for (const o of f.fundingOrders) {
      const ids = o.bindingKeys.map((k) => bindingIds.get(k));
      if (ids.some((id) => id === undefined)) continue; // a binding failed: already reported
      await call('funding order', 'PUT', `/v1/persons/${enc(o.beneficiaryId)}/funding-order`, { bindingIds: ids });
    }
  };
  await forEachLimited(p.families, opts.concurrency, registerFamily);
  return { requests, bindingIds, failures, seconds: (Date.now() - started) / 1000 };
}
