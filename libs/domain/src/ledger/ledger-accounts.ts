/**
 * Names of the ledger accounts journal lines post to. Personal accounts hold the insured's money;
 * clearing accounts hold what is owed to a merchant or a contribution payee until it is settled
 * with them outside this service; EXT:CONTRIBUTIONS is the money that comes in from outside.
 */
export const ledgerAccount = {
  /** An insured person's personal account (个人账户). */
  personal: (accountId: string) => `PA:${nonEmpty(accountId, 'accountId')}`,
  /** What is owed to a merchant for settled charges. */
  merchantClearing: (merchantId: string) => `MC:${nonEmpty(merchantId, 'merchantId')}`,
  /** What is owed to a contribution's payee (e.g. the tax bureau's collection). */
  payeeClearing: (payeeId: string) => `PC:${nonEmpty(payeeId, 'payeeId')}`,
  /** Money paid into personal accounts from outside (monthly contributions, adjustments). */
  contributions: 'EXT:CONTRIBUTIONS',
} as const;

function nonEmpty(id: string, what: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new RangeError(`ledger account needs a ${what}`);
  return id;
}
