import { uid } from './unique-ids';

export interface ItemSpec {
  category?: string;
  inCatalog?: boolean;
  amountFen: number;
  fundPaidFen?: number;
}

/** A ChargeRequested as a terminal would send it (CONTRACT.md), with sensible defaults. */
export function chargeRequested(opts: {
  merchantId: string;
  patientId: string;
  items: ItemSpec[];
  chargeId?: string;
  credentialPersonId?: string;
  occurredAt?: Date;
}): Record<string, unknown> & { chargeId: string; merchantId: string; patientId: string } {
  const items = opts.items.map((it, i) => ({
    lineId: String(i + 1),
    code: `XJ01CAA040A00101010095${i}`,
    name: '阿莫西林胶囊',
    category: it.category ?? 'DRUG',
    inCatalog: it.inCatalog ?? true,
    amountFen: it.amountFen,
    fundPaidFen: it.fundPaidFen ?? 0,
  }));
  return {
    chargeId: opts.chargeId ?? uid('CH'),
    merchantId: opts.merchantId,
    terminalId: 'T01',
    patientId: opts.patientId,
    credential: { kind: 'INSURANCE_CARD', personId: opts.credentialPersonId ?? opts.patientId },
    occurredAt: (opts.occurredAt ?? new Date()).toISOString().replace('Z', '+00:00'),
    items,
    totalFen: items.reduce((s, i) => s + i.amountFen, 0),
  };
}
