import { ADMIT_SCRIPT } from './lua/admit-script.js'
import { AUTHORIZE_SCRIPT } from './lua/authorize-script.js'
import { ENTER_SCRIPT } from './lua/enter-script.js'
import { OPEN_BATCH_SCRIPT } from './lua/open-batch-script.js'
import { CONTROL_LINE_SCRIPT, READ_SALE_SCRIPT, SCHEDULE_SALE_SCRIPT } from './lua/sale-scripts.js'
import type { LineScript } from './lua/prelude.js'
import { REMOVE_TOKEN_SCRIPT } from './lua/remove-token-script.js'
import { STATUS_SCRIPT } from './lua/status-script.js'
import type { ConcertKeys } from './queue-keys.js'
import type { RedisQueueClient } from './redis-queue-client.js'

type ScriptArg = string | number
/** Runs one concert script: the concert keys it touches, then its ARGV. */
export type ConcertScript = (keys: ConcertKeys, args: readonly ScriptArg[]) => Promise<unknown>

export interface QueueScripts {
  readonly enter: ConcertScript
  readonly status: ConcertScript
  readonly authorize: ConcertScript
  /** Leave and complete: both delete the token whatever its state. */
  readonly removeToken: ConcertScript
  readonly admit: ConcertScript
  readonly openBatch: ConcertScript
  readonly readSale: ConcertScript
  readonly scheduleSale: ConcertScript
  readonly controlLine: ConcertScript
}

type ScriptHost = Record<string, (...args: ScriptArg[]) => Promise<unknown>>

/**
 * Registers the scripts on the client (defining them again on the same client
 * is harmless: same names, same bodies) and answers typed callers. Each
 * script receives only the keys it touches; ioredis routes each call in a
 * Cluster by its first key, the concert's hash tag.
 */
export function defineQueueScripts(client: RedisQueueClient): QueueScripts {
  const define = (name: string, script: LineScript): ConcertScript => {
    client.defineCommand(name, { lua: script.lua, numberOfKeys: script.keys.length })
    const host = client as unknown as ScriptHost
    const names = script.keys
    return (keys, args) => {
      const run = host[name]
      if (run === undefined) throw new TypeError(`the client lost the ${name} command`)
      const argv: ScriptArg[] = names.map((key) => keys[key])
      for (const arg of args) argv.push(arg)
      return run.apply(client, argv)
    }
  }
  return {
    enter: define('boxofficeQueueEnter', ENTER_SCRIPT),
    status: define('boxofficeQueueStatus', STATUS_SCRIPT),
    authorize: define('boxofficeQueueAuthorize', AUTHORIZE_SCRIPT),
    removeToken: define('boxofficeQueueRemoveToken', REMOVE_TOKEN_SCRIPT),
    admit: define('boxofficeQueueAdmit', ADMIT_SCRIPT),
    openBatch: define('boxofficeQueueOpenBatch', OPEN_BATCH_SCRIPT),
    readSale: define('boxofficeQueueReadSale', READ_SALE_SCRIPT),
    scheduleSale: define('boxofficeQueueScheduleSale', SCHEDULE_SALE_SCRIPT),
    controlLine: define('boxofficeQueueControlLine', CONTROL_LINE_SCRIPT),
  }
}
