import { ReplyError } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { classifyRedisError, isDeploymentFault } from '../src/classify-redis-error.js'

describe('classifying Redis failures', () => {
  it('a lost connection, a timeout or exhausted retries is StoreUnavailable carrying the cause', () => {
    for (const cause of [
      new Error('Connection is closed.'),
      Object.assign(new Error('Command timed out'), { name: 'Error' }),
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' }),
    ]) {
      expect(classifyRedisError(cause)).toMatchObject({ type: 'StoreUnavailable', cause })
    }
  })

  it('replies that mean "not now" (loading, busy, failover, resharding, out of memory) are StoreUnavailable', () => {
    for (const message of [
      'LOADING Redis is loading the dataset in memory',
      'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'CLUSTERDOWN The cluster is down',
      'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
      "READONLY You can't write against a read only replica.",
      "OOM command not allowed when used memory > 'maxmemory'.",
      'ERR max number of clients reached',
    ]) {
      const cause = new ReplyError(message)
      expect(classifyRedisError(cause).type).toBe('StoreUnavailable')
      expect(isDeploymentFault(cause)).toBe(false)
    }
  })

  it('replies that mean a bug or a broken deployment are results too, never rejections, and are told apart', () => {
    for (const message of [
      'WRONGTYPE Operation against a key holding the wrong kind of value',
      "ERR user_script:12: attempt to perform arithmetic on local 'seen' (a nil value)",
      "CROSSSLOT Keys in request don't hash to the same slot",
      'BOXOFFICE the candidate token id is already in use: token ids must be random',
    ]) {
      const cause = new ReplyError(message)
      expect(classifyRedisError(cause)).toMatchObject({ type: 'StoreUnavailable', cause })
      expect(isDeploymentFault(cause)).toBe(true)
    }
  })
})
