import type { Kafka } from 'kafkajs';

/**
 * A consumer that crashes while the broker is away (kafkajs gives up finding the group
 * coordinator) cannot leave its group, and its replacement joins as a new member: after the
 * broker is back, the coordinator waits for the old member's session to expire (6 s or more)
 * before anyone gets a partition. Asking the coordinator to drop the old member ends that wait.
 *
 * kafkajs (2.2.4, no longer developed) has LeaveGroup only on its broker connections, not on
 * its public clients, so this reaches its cluster through the one private factory it keeps on
 * the client; the factory's absence is reported as a fault, never guessed around.
 */
export type LeaveOutcome = 'left' | 'already-gone';

interface GroupBroker {
  leaveGroup(args: { groupId: string; memberId: string }): Promise<unknown>;
}
interface PrivateCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(args: { groupId: string }): Promise<GroupBroker>;
}
type CreateCluster = (args: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean }) => PrivateCluster;

const CREATE_CLUSTER = 'private:Kafka:createCluster';

function clusterFactory(kafka: Kafka): CreateCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') throw new Error('this kafkajs client has no cluster factory to leave a group with');
  return create as CreateCluster;
}

/** One attempt: the member left, or the coordinator no longer knows it; anything else is thrown. */
export async function leaveGroupAs(kafka: Kafka, groupId: string, memberId: string): Promise<LeaveOutcome> {
  const cluster = clusterFactory(kafka)({ allowAutoTopicCreation: false });
  try {
    await cluster.connect();
    const coordinator = await cluster.findGroupCoordinator({ groupId });
    await coordinator.leaveGroup({ groupId, memberId });
    return 'left';
  } catch (err) {
    if ((err as { type?: unknown }).type === 'UNKNOWN_MEMBER_ID') return 'already-gone';
    throw err;
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
