import { createHash } from 'node:crypto';

/**
 * Rendezvous (highest-random-weight) hashing: every replica gets a weight for the key, a hash of
 * (replica, key), and the replicas in falling weight are the key's order: the first owns the key, the
 * next takes it when the owner is away. The weights depend on nothing but the replica and the key, so
 * every gateway given the same set agrees, whatever order the set is listed in; a replica that joins
 * takes from each other replica only the keys it now outweighs, and one that leaves hands over only
 * its own keys, each to the next replica of that key's order.
 */
export function rendezvousOrder(key: string, replicas: readonly string[]): string[] {
  return replicas
    .map((replica) => ({ replica, weight: weightOf(replica, key) }))
    .sort((a, b) => b.weight - a.weight || (a.replica < b.replica ? -1 : a.replica > b.replica ? 1 : 0))
    .map((w) => w.replica);
}

/** 48 bits of SHA-1 over the pair: evenly spread and exact as a JavaScript number. */
function weightOf(replica: string, key: string): number {
  return createHash('sha1').update(replica).update('\n').update(key).digest().readUIntBE(0, 6);
}
