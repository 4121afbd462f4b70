import { storeUnavailable, type StoreError } from '@boxoffice/core'

/**
 * Error replies that mean "Redis cannot serve this now" rather than "this
 * call is wrong": loading a dataset, a slow script, a failover or resharding
 * in progress, a replica or a full or misconfigured-for-writes server, lost
 * credentials. Retrying later can succeed.
 */
const TRANSIENT_REPLIES = [
  'LOADING',
  'BUSY',
  'TRYAGAIN',
  'CLUSTERDOWN',
  'MASTERDOWN',
  'READONLY',
  'OOM',
  'MISCONF',
  'NOREPLICAS',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
]

/**
 * The one place driver failures become boxoffice errors: every failure is a
 * `StoreUnavailable` carrying the driver's error as `cause`, and no call ever
 * rejects. Connection loss, timeouts, exhausted retries and the transient
 * replies above are outages a retry can outlast. Any other error reply (a Lua
 * runtime error, WRONGTYPE because something else wrote under the key prefix,
 * CROSSSLOT, a script refusing a duplicate token id) means a bug or a broken
 * deployment: it is still reported as a result, never thrown, and its cause
 * says so (`isDeploymentFault` lets an operator's logging tell them apart).
 */
export function classifyRedisError(error: unknown): StoreError {
  return storeUnavailable(error)
}

/** True for an error reply that retrying cannot fix (see `classifyRedisError`). */
export function isDeploymentFault(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'ReplyError') return false
  const code = error.message.split(' ', 1)[0] ?? ''
  return !TRANSIENT_REPLIES.includes(code) && !error.message.includes('max number of clients reached')
}
