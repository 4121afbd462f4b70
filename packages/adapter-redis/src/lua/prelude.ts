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
 * `P|user|seq|enteredAt` while PRE_QUEUED, `W|user|seq|enteredAt` while WAITING, or
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
local PRE_MARK = string.byte('P')

local function int(n)
  return string.format('%d', n)
end

local function read_token(id)
  local raw = redis.call('HGET', TOKENS, id)
  if not raw then return nil end
  local t = { id = id, raw = raw, active = string.byte(raw, 1) == ACTIVE_MARK, pre = string.byte(raw, 1) == PRE_MARK }
  if t.active then
    t.expires = tonumber(string.match(raw, '(%d+)$'))
  else
    -- a missing heartbeat can only mean damage; reading it as 0 makes the token idle, so it is swept
    t.seen = tonumber(redis.call('ZSCORE', HEARTBEATS, id)) or 0
  end
  return t
end

-- mirrors tokenLiveness: a pre-queued token's idle time counts from the opening (open_at), never before it
local function idle_since(t, open_at)
  if t.pre and open_at and open_at > t.seen then return open_at end
  return t.seen
end

local function is_live(t, now, idle_ms, open_at)
  if t.active then return t.expires > now end
  return idle_since(t, open_at) + idle_ms > now
end

local function owner(t)
  return string.match(t.raw, '^.|([^|]*)')
end
`

/** Removes a token from every structure. Needs TOKENS, USERS, WAITING, HEARTBEATS, ACTIVE, PREQUEUE. */
export const DELETE_TOKEN_LUA: string = `
local function delete_token(t)
  redis.call('HDEL', TOKENS, t.id)
  local user = owner(t)
  if redis.call('HGET', USERS, user) == t.id then redis.call('HDEL', USERS, user) end
  if t.active then
    redis.call('ZREM', ACTIVE, t.id)
  elseif t.pre then
    redis.call('ZREM', PREQUEUE, t.id)
    redis.call('ZREM', HEARTBEATS, t.id)
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

/**
 * The sale window and live controls (mirrors `LineSettings`), and where a
 * token stands. Pre-queued tokens sit in PREQUEUE scored by a random draw in
 * [0, 2^52) made at entry; the opening moves them, lowest draw first, into
 * WAITING with score `draw - 2^53`, below every seq (>= 1) of a token that
 * entered after the opening. So at every moment, also while an opening runs
 * in batches: moved pre-queued tokens (negative scores) rank first, then the
 * ones still in PREQUEUE (all with higher draws), then the rest by seq.
 * Needs SALE, WAITING, PREQUEUE.
 */
export const SALE_LUA: string = `
local SALE_FIELDS = { 'open', 'close', 'opened', 'paused', 'max_active', 'per_tick' }

local function read_sale()
  local f = redis.call('HMGET', SALE, unpack(SALE_FIELDS))
  return {
    open = tonumber(f[1]), close = tonumber(f[2]), opened = f[3] == '1', paused = f[4] == '1',
    max_active = tonumber(f[5]), per_tick = tonumber(f[6]), raw = f,
  }
end

-- mirrors saleStage
local function sale_stage(sale, now)
  if sale.close and now >= sale.close then return 'closed' end
  if sale.open and now < sale.open then return 'before' end
  return 'open'
end

-- a pre-queued token still in PREQUEUE counts as WAITING once its line opened (the opening is moving it)
local function shown_as_waiting(t, sale)
  return t.pre and sale.opened
end

-- the 1-based rank of a token that is (or shows as) WAITING
local function waiting_rank(t)
  if t.pre then
    return redis.call('ZCOUNT', WAITING, '-inf', '(0') + redis.call('ZRANK', PREQUEUE, t.id) + 1
  end
  local rank = redis.call('ZRANK', WAITING, t.id) + 1
  local early = redis.call('ZCARD', PREQUEUE)
  if early > 0 and tonumber(redis.call('ZSCORE', WAITING, t.id)) >= 0 then rank = rank + early end
  return rank
end

-- the record as the caller must read it, and the rank (-1: none)
local function position(t, sale)
  if t.active then return t.raw, -1 end
  if t.pre then
    if not shown_as_waiting(t, sale) then return t.raw, -1 end
    return 'W' .. string.sub(t.raw, 2), waiting_rank(t)
  end
  return t.raw, waiting_rank(t)
end
`
