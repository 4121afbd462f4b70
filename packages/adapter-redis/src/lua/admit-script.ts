import { KEPT_TICKS, PRELUDE } from './prelude.js'

/**
 * One admission tick for one concert. ARGV: tick id, now, maxActive,
 * admitPerTick, activeTtlMs, waitingIdleTtlMs, sweepLimit, backstop ms.
 *
 * The tick id makes a replay (ioredis resending the call after a reconnect)
 * answer what the first run did instead of admitting a second batch.
 * Every loop is bounded by sweepLimit or by the slots of this tick.
 */
export const ADMIT_SCRIPT: string = `${PRELUDE}
local KEPT_TICKS = ${KEPT_TICKS}
local tick_id, now_arg = ARGV[1], ARGV[2]
local now, max_active, per_tick = tonumber(now_arg), tonumber(ARGV[3]), tonumber(ARGV[4])
local active_ttl, idle_ms, sweep_limit, ttl_ms = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

for _, entry in ipairs(redis.call('LRANGE', TICKS, 0, KEPT_TICKS - 1)) do
  local id, _, admitted, expired, dropped = parse_tick(entry)
  if id == tick_id then
    return { 'OK', admitted, expired, dropped, redis.call('ZCARD', ACTIVE), redis.call('ZCARD', WAITING),
      redis.call('HLEN', TOKENS) }
  end
end

-- a member without a token record can only be damage: removed, not counted
local function sweep(key, max_score)
  local swept = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', max_score, 'LIMIT', 0, sweep_limit)) do
    local t = read_token(id)
    if t then
      delete_token(t)
      swept = swept + 1
    else
      redis.call('ZREM', key, id)
    end
  end
  return swept
end

local expired = sweep(ACTIVE, now_arg)
local dropped = sweep(HEARTBEATS, int(now - idle_ms))

local active = redis.call('ZCARD', ACTIVE)
local slots = math.max(0, math.min(per_tick, max_active - active, redis.call('ZCARD', WAITING)))
local admitted, dropped_in_line = 0, 0
if slots > 0 then
  -- idle tokens beyond this tick's sweep are dropped as the walk meets them, at most sweep_limit more
  for _, id in ipairs(redis.call('ZRANGE', WAITING, 0, slots + sweep_limit - 1)) do
    if admitted >= slots then break end
    local t = read_token(id)
    if not t then
      redis.call('ZREM', WAITING, id)
      redis.call('ZREM', HEARTBEATS, id)
    elseif not is_live(t, now, idle_ms) then
      if dropped_in_line >= sweep_limit then break end
      delete_token(t)
      dropped_in_line = dropped_in_line + 1
    else
      local expires = int(now + active_ttl)
      redis.call('ZREM', WAITING, id)
      redis.call('ZREM', HEARTBEATS, id)
      redis.call('ZADD', ACTIVE, expires, id)
      redis.call('HSET', TOKENS, id, 'A|' .. t.user .. '|' .. int(t.seq) .. '|' .. int(t.entered) .. '|' ..
        int(t.seen) .. '|' .. now_arg .. '|' .. expires)
      admitted = admitted + 1
    end
  end
end
dropped = dropped + dropped_in_line

redis.call('LPUSH', TICKS, tick_id .. '|' .. now_arg .. '|' .. admitted .. '|' .. expired .. '|' .. dropped)
redis.call('LTRIM', TICKS, 0, KEPT_TICKS - 1)
local remaining = redis.call('HLEN', TOKENS)
refresh_backstop(ttl_ms)
return { 'OK', admitted, expired, dropped, redis.call('ZCARD', ACTIVE), redis.call('ZCARD', WAITING), remaining }
`
