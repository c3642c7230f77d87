import { uid } from '../../support/unique-ids';
import { ApiClient } from './api-client';

export interface PersonFixture {
  name?: string;
  regionCode: string;
  insuranceType?: 'EMPLOYEE' | 'RESIDENT';
  enrollmentStatus?: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';
  fraudRecordAt?: string | null;
}

/** Registers a person through the API (as bureau) and answers their new id. */
export async function registerPerson(api: ApiClient, label: string, fixture: PersonFixture): Promise<string> {
  const personId = uid(label);
  const res = await api.put(`/v1/persons/${personId}`, {
    name: fixture.name ?? '测试人员',
    regionCode: fixture.regionCode,
    insuranceType: fixture.insuranceType ?? 'EMPLOYEE',
    enrollmentStatus: fixture.enrollmentStatus ?? 'ACTIVE',
    fraudRecordAt: fixture.fraudRecordAt ?? null,
  });
  if (res.status !== 201) throw new Error(`registering ${label}: ${res.status} ${JSON.stringify(res.body)}`);
  return personId;
}

/**
 * Registers an employee who will hold bindings: their account gets `balanceFen` first (a holder
 * needs money in the account to bind, seed 003: 职工账户有余额).
 */
export async function registerHolder(
  api: ApiClient,
  label: string,
  fixture: Omit<PersonFixture, 'insuranceType'>,
  balanceFen = 10_000,
): Promise<string> {
  const personId = await registerPerson(api, label, { ...fixture, insuranceType: 'EMPLOYEE' });
  if (balanceFen > 0) await creditAccount(api, personId, balanceFen);
  return personId;
}

export async function creditAccount(api: ApiClient, personId: string, amountFen: number): Promise<void> {
  const res = await api.post(`/v1/accounts/${personId}/credits`, {
    creditId: uid('credit'),
    amountFen,
    reason: 'MONTHLY_CONTRIBUTION',
  });
  if (res.status !== 201) throw new Error(`crediting: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function bind(
  api: ApiClient,
  holderId: string,
  beneficiaryId: string,
  relationship: string,
  monthlyLimitFen: number | null = null,
): Promise<string> {
  const res = await api.post('/v1/bindings', { holderId, beneficiaryId, relationship, monthlyLimitFen });
  if (res.status !== 201) throw new Error(`binding: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.bindingId as string;
}
