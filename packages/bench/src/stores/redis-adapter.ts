import type { QueueStore } from '@boxoffice/core'
import type { Redis } from 'ioredis'

/** The slice of `@boxoffice/adapter-redis` the benchmark uses, loaded at run time (see postgres-adapter.ts). */
export interface RedisAdapter {
  createRedisQueueStore(options: { readonly client: Redis; readonly keyPrefix: string }): QueueStore
}

const PACKAGE: string = '@boxoffice/adapter-redis'

/** The adapter as built, or why it cannot be used. */
export async function probeRedisAdapter(): Promise<RedisAdapter | string> {
  let loaded: Record<string, unknown>
  try {
    loaded = (await import(PACKAGE)) as Record<string, unknown>
  } catch (error) {
    return `${PACKAGE} cannot be loaded (run \`pnpm build\`; ${(error as Error).message.split('\n')[0]})`
  }
  if (typeof loaded.createRedisQueueStore !== 'function') return `${PACKAGE} does not export createRedisQueueStore yet`
  return loaded as unknown as RedisAdapter
}

export async function loadRedisAdapter(): Promise<RedisAdapter> {
  const adapter = await probeRedisAdapter()
  if (typeof adapter === 'string') throw new Error(adapter)
  return adapter
}
