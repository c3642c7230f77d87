import { randomBytes } from 'node:crypto';

/** A prefix unique to this test run, so suites share one database and broker without clashing. */
export const RUN = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

let counter = 0;
/** A fresh identifier within the contract's `[A-Za-z0-9._:-]{1,64}`. */
export function uid(label: string): string {
  counter++;
  return `${RUN}-${label}-${counter}`;
}
