import { ADMIT_SCRIPT } from './lua/admit-script.js'
import { AUTHORIZE_SCRIPT } from './lua/authorize-script.js'
import { ENTER_SCRIPT } from './lua/enter-script.js'
import { REMOVE_TOKEN_SCRIPT } from './lua/remove-token-script.js'
import { STATUS_SCRIPT } from './lua/status-script.js'
import type { ConcertKeys } from './queue-keys.js'
import type { RedisQueueClient } from './redis-queue-client.js'

type ScriptArg = string | number
/** Runs one concert script: the seven concert keys, then its ARGV. */
export type ConcertScript = (keys: ConcertKeys, args: readonly ScriptArg[]) => Promise<unknown>

export interface QueueScripts {
  readonly enter: ConcertScript
  readonly status: ConcertScript
  readonly authorize: ConcertScript
  /** Leave and complete: both delete the token whatever its state. */
  readonly removeToken: ConcertScript
  readonly admit: ConcertScript
}

const SOURCES = {
  enter: { name: 'boxofficeQueueEnter', lua: ENTER_SCRIPT },
  status: { name: 'boxofficeQueueStatus', lua: STATUS_SCRIPT },
  authorize: { name: 'boxofficeQueueAuthorize', lua: AUTHORIZE_SCRIPT },
  removeToken: { name: 'boxofficeQueueRemoveToken', lua: REMOVE_TOKEN_SCRIPT },
  admit: { name: 'boxofficeQueueAdmit', lua: ADMIT_SCRIPT },
} as const

type ScriptHost = Record<string, (...args: ScriptArg[]) => Promise<unknown>>

/**
 * Registers the scripts on the client (defining them again on the same client
 * is harmless: same names, same bodies) and answers typed callers. ioredis
 * routes each call in a Cluster by its first key, the concert's hash tag.
 */
export function defineQueueScripts(client: RedisQueueClient): QueueScripts {
  const define = (source: { readonly name: string; readonly lua: string }): ConcertScript => {
    client.defineCommand(source.name, { lua: source.lua, numberOfKeys: 7 })
    const host = client as unknown as ScriptHost
    return (keys, args) => {
      const run = host[source.name]
      if (run === undefined) throw new TypeError(`the client lost the ${source.name} command`)
      return run.call(client, ...keys, ...args)
    }
  }
  return {
    enter: define(SOURCES.enter),
    status: define(SOURCES.status),
    authorize: define(SOURCES.authorize),
    removeToken: define(SOURCES.removeToken),
    admit: define(SOURCES.admit),
  }
}
