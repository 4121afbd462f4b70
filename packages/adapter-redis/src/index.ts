export { createRedisQueueStore, type RedisQueueStoreOptions } from './redis-queue-store.js'
export type { RedisQueueClient } from './redis-queue-client.js'
export { DEFAULT_KEY_PREFIX } from './queue-keys.js'
export { isDeploymentFault } from './classify-redis-error.js'
