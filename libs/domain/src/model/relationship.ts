/** What the beneficiary is to the holder (contract values). */
export const RELATIONSHIPS = ['SPOUSE', 'FATHER', 'MOTHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
