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

/** The kafkajs client lacks what leaving on another member's behalf needs: a fault of this build, not of the world. */
export class NoClusterFactory extends Error {}

class AttemptTimedOut extends Error {}

function clusterFactory(kafka: Kafka): CreateCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') {
    throw new NoClusterFactory('this kafkajs client has no cluster factory to leave a group with');
  }
  return create as CreateCluster;
}

/**
 * One attempt, within `timeoutMs` (kafkajs's own retries inside could otherwise take minutes
 * while the broker is away): the member left, or the coordinator no longer knows it; anything
 * else is thrown.
 */
export async function leaveGroupAs(
  kafka: Kafka,
  groupId: string,
  memberId: string,
  timeoutMs = 10_000,
): Promise<LeaveOutcome> {
  const cluster = clusterFactory(kafka)({ allowAutoTopicCreation: false });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimedOut(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([leave(cluster, groupId, memberId), timedOut]);
  } finally {
    clearTimeout(timer);
    // Also ends an attempt the timeout cut short (its sockets and retries).
    await cluster.disconnect().catch(() => undefined);
  }
}

async function leave(cluster: PrivateCluster, groupId: string, memberId: string): Promise<LeaveOutcome> {
  try {
    await cluster.connect();
    const coordinator = await cluster.findGroupCoordinator({ groupId });
    await coordinator.leaveGroup({ groupId, memberId });
    return 'left';
  } catch (err) {
    if ((err as { type?: unknown }).type === 'UNKNOWN_MEMBER_ID') return 'already-gone';
    throw err;
  }
}
