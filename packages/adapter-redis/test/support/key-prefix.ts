import { randomUUID } from 'node:crypto'
import { Cluster, type Redis } from 'ioredis'

/** A key prefix no other test file uses, so files can share one Redis. */
export function uniqueKeyPrefix(file: string): string {
  return `boxoffice-test:${file}:${randomUUID().slice(0, 8)}`
}

async function keysOn(node: Redis, prefix: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found
}

/** Every key under `prefix` (on every master of a Cluster). */
export async function keysUnder(client: Redis | Cluster, prefix: string): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client]
  const perNode = await Promise.all(nodes.map((node) => keysOn(node, prefix)))
  return perNode.flat().sort()
}

/** SCAN + DEL of everything under `prefix`, one key per call so Cluster slots never mix. */
export async function deleteKeysUnder(client: Redis | Cluster, prefix: string): Promise<void> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client]
  for (const node of nodes) {
    for (const key of await keysOn(node, prefix)) await node.del(key)
  }
}
