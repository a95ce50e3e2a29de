/**
 * The partition of a key: a stable hash (32-bit FNV-1a over the UTF-8 bytes) modulo the partition
 * count, so one key always lands in one partition and keeps its order.
 */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
