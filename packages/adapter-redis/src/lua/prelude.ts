import type { LineKey } from '../queue-keys.js'

/** How many recent ticks a concert keeps: the newest ADMISSION_WINDOW_TICKS feed the rate, all of them catch replays. */
export const KEPT_TICKS: number = 100

/**
 * How long an enter trusts that the concert is in the registry before it asks
 * the store to add it again. Bounds the registry writes to about one per
 * concert per second, and how long a registry entry lost to a failure stays lost.
 */
export const REGISTRY_RECHECK_MS: number = 1_000

/** A script and the concert keys it receives as KEYS, in that order. */
export interface LineScript {
  readonly keys: readonly LineKey[]
  readonly lua: string
}

/**
 * Names each KEYS entry after the concert key it is (`tokens` -> TOKENS), so
 * the Lua below can refer to keys by name whichever subset a script receives.
 */
export function lineScript(keys: readonly LineKey[], ...parts: readonly string[]): LineScript {
  const names = keys.map((key) => key.toUpperCase()).join(', ')
  const values = keys.map((_, i) => `KEYS[${i + 1}]`).join(', ')
  return { keys, lua: [`local ${names} = ${values}`, ...parts].join('\n') }
}

/**
 * A token lives in `tokens` under its local id (the part after `~`) as
 * `W|user|seq|enteredAt` while WAITING, or
 * `A|user|seq|enteredAt|lastSeenAt|activatedAt|expiresAt` once ACTIVE; a
 * WAITING token's lastSeenAt is its score in `heartbeats`, so a poll rewrites
 * one score and nothing else. Scripts parse only what they decide on (the
 * status letter, an ACTIVE token's expiry, the owner when they must) and hand
 * the record itself back to the store, which decodes it.
 * Instants are epoch milliseconds passed in by the caller: scripts never read
 * Redis's clock. Needs TOKENS and HEARTBEATS.
 */
export const TOKEN_LUA: string = `
local ACTIVE_MARK = string.byte('A')

local function int(n)
  return string.format('%d', n)
end

local function read_token(id)
  local raw = redis.call('HGET', TOKENS, id)
  if not raw then return nil end
  local t = { id = id, raw = raw, active = string.byte(raw, 1) == ACTIVE_MARK }
  if t.active then
    t.expires = tonumber(string.match(raw, '(%d+)$'))
  else
    -- a missing heartbeat can only mean damage; reading it as 0 makes the token idle, so it is swept
    t.seen = tonumber(redis.call('ZSCORE', HEARTBEATS, id)) or 0
  end
  return t
end

local function is_live(t, now, idle_ms)
  if t.active then return t.expires > now end
  return t.seen + idle_ms > now
end

local function owner(t)
  return string.match(t.raw, '^.|([^|]*)')
end
`

/** Removes a token from every structure. Needs TOKENS, USERS, WAITING, HEARTBEATS, ACTIVE. */
export const DELETE_TOKEN_LUA: string = `
local function delete_token(t)
  redis.call('HDEL', TOKENS, t.id)
  local user = owner(t)
  if redis.call('HGET', USERS, user) == t.id then redis.call('HDEL', USERS, user) end
  if t.active then
    redis.call('ZREM', ACTIVE, t.id)
  else
    redis.call('ZREM', WAITING, t.id)
    redis.call('ZREM', HEARTBEATS, t.id)
  end
end
`

/**
 * A memory backstop only: pushes the expiry of the given keys out, so a
 * line's keys vanish on their own only when nothing has ticked the concert
 * for that long. Every script that can create a key sets it on the keys it
 * creates, so no key of a line is ever without one.
 */
export const BACKSTOP_LUA: string = `
local function refresh_backstop(ttl_ms, keys)
  for _, key in ipairs(keys) do redis.call('PEXPIRE', key, ttl_ms) end
end
`

/**
 * A token the line does not hold: gone the ordinary way (left, completed,
 * swept), or lost with the store's data. Tokens are issued as
 * `<random>.<generation>.<seq>`: the line writes a random generation at its
 * first enter and keeps its sequence counter beside it, so a Redis that came
 * back empty (another or no generation) or from an older snapshot (a counter
 * below the token's seq) is told apart from a token that simply ended.
 * Tokens without the suffix (issued by an earlier version) are never judged
 * lost. Needs LINE.
 */
export const LOST_TOKEN_LUA: string = `
local function lost(id)
  local gen, seq = string.match(id, '%.(%x+)%.(%d+)$')
  if not gen then return false end
  local line = redis.call('HMGET', LINE, 'gen', 'seq')
  if line[1] ~= gen then return true end
  return tonumber(seq) > (tonumber(line[2]) or 0)
end

local function missing(id)
  if lost(id) then return { 'RESET' } end
  return { 'NOT_FOUND' }
end
`
