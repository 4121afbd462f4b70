import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { describeQueueFaults } from './support/fault-suite.js'
import { describeRedisQueueBehaviour } from './support/queue-behaviour.js'
import { describeQueueRaces } from './support/race-suite.js'

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
afterAll(() => redis.quit())

describeRedisQueueBehaviour('standalone', () => redis)
describeQueueRaces('standalone', () => redis)
describeQueueFaults(
  'standalone',
  () => redis,
  (mode) =>
    mode === 'resend'
      ? redis.duplicate()
      : redis.duplicate({ autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0, enableOfflineQueue: false }),
)
