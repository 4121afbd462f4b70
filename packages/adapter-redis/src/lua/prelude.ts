import { ADMISSION_WINDOW_TICKS } from '@boxoffice/core'

/** How many recent ticks a concert keeps: the newest ADMISSION_WINDOW_TICKS feed the rate, all of them catch replays. */
export const KEPT_TICKS: number = 100

/**
 * Lua shared by the concert scripts. KEYS are always the seven `ConcertKeys`.
 *
 * A token lives in the `tokens` hash under its local id (the part after `~`)
 * as `W|user|seq|enteredAt` while WAITING, or
 * `A|user|seq|enteredAt|lastSeenAt|activatedAt|expiresAt` once ACTIVE; a
 * WAITING token's lastSeenAt is its score in `heartbeats`, so a poll rewrites
 * one score and nothing else. `users` maps a user to their token, `waiting`
 * scores WAITING tokens by seq, `active` scores ACTIVE tokens by expiresAt.
 * Instants are epoch milliseconds passed in by the caller: scripts never read
 * Redis's clock.
 */
export const PRELUDE: string = `
local TOKENS, USERS, WAITING, HEARTBEATS, ACTIVE, SEQ, TICKS =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local WINDOW_TICKS = ${ADMISSION_WINDOW_TICKS}

local function int(n)
  return string.format('%d', n)
end

local function read_token(id)
  local raw = redis.call('HGET', TOKENS, id)
  if not raw then return nil end
  local f = {}
  for part in string.gmatch(raw, '[^|]+') do f[#f + 1] = part end
  local t = { id = id, status = f[1], user = f[2], seq = tonumber(f[3]), entered = tonumber(f[4]) }
  if t.status == 'A' then
    t.seen, t.activated, t.expires = tonumber(f[5]), tonumber(f[6]), tonumber(f[7])
  else
    -- a missing heartbeat can only mean damage; reading it as 0 makes the token idle, so it is swept
    t.seen = tonumber(redis.call('ZSCORE', HEARTBEATS, id)) or 0
  end
  return t
end

local function is_live(t, now, idle_ms)
  if t.status == 'A' then return t.expires > now end
  return t.seen + idle_ms > now
end

local function delete_token(t)
  redis.call('HDEL', TOKENS, t.id)
  if redis.call('HGET', USERS, t.user) == t.id then redis.call('HDEL', USERS, t.user) end
  if t.status == 'A' then
    redis.call('ZREM', ACTIVE, t.id)
  else
    redis.call('ZREM', WAITING, t.id)
    redis.call('ZREM', HEARTBEATS, t.id)
  end
end

-- ticks are 'tickId|at|admitted|expired|dropped', newest first
local function parse_tick(entry)
  local id, at, admitted, expired, dropped = string.match(entry, '^([^|]+)|([^|]+)|([^|]+)|([^|]+)|([^|]+)$')
  return id, tonumber(at), tonumber(admitted), tonumber(expired), tonumber(dropped)
end

local function admission_window()
  local admitted, since = 0, -1
  for _, entry in ipairs(redis.call('LRANGE', TICKS, 0, WINDOW_TICKS - 1)) do
    local _, at, n = parse_tick(entry)
    admitted = admitted + n
    since = at
  end
  return admitted, since
end

local function token_reply(t)
  return { 'OK', t.id, t.status, t.user, t.seq, t.entered, t.seen, t.activated or -1, t.expires or -1 }
end

local function position_reply(t)
  local reply = token_reply(t)
  local rank = -1
  if t.status == 'W' then rank = redis.call('ZRANK', WAITING, t.id) + 1 end
  local admitted, since = admission_window()
  reply[#reply + 1] = rank
  reply[#reply + 1] = admitted
  reply[#reply + 1] = since
  return reply
end

-- a memory backstop only: every write pushes the line's expiry out, so keys
-- vanish on their own only when nothing has touched the concert for that long
local function refresh_backstop(ttl_ms)
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl_ms) end
end
`
