import { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL int8 arrives from pg as a string; money is bigint in the service (never a float),
 * so int8 columns go through this transformer both ways.
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (typeof value === 'bigint' ? value.toString() : value),
  from: (value: string | null) => (value === null || value === undefined ? null : BigInt(value)),
};
