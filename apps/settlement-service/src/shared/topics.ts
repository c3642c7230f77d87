/** Topic names fixed by the public contract (CONTRACT.md, "Kafka topics"). */
export const TOPICS = {
  charges: 'pos.charges.v1',
  reversals: 'pos.reversals.v1',
  authorizationDecisions: 'mutualaid.authorization-decisions.v1',
  settlementEvents: 'settlement.events.v1',
} as const;

export const INBOUND_TOPICS = [TOPICS.charges, TOPICS.reversals, TOPICS.authorizationDecisions] as const;
export type InboundTopic = (typeof INBOUND_TOPICS)[number];

export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}
