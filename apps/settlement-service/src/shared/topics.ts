/** Topic names fixed by the public contract (CONTRACT.md "Kafka topics"; CONTRACT-1.1.md §1). */
export const TOPICS = {
  charges: 'pos.charges.v1',
  reversals: 'pos.reversals.v1',
  authorizationDecisions: 'mutualaid.authorization-decisions.v1',
  contributionRequests: 'mutualaid.contribution-requests.v1',
  settlementEvents: 'settlement.events.v1',
} as const;

export const INBOUND_TOPICS = [
  TOPICS.charges,
  TOPICS.reversals,
  TOPICS.authorizationDecisions,
  TOPICS.contributionRequests,
] as const;
export type InboundTopic = (typeof INBOUND_TOPICS)[number];

export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}
