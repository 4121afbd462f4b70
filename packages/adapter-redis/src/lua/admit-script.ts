import { ADMISSION_WINDOW_TICKS } from '@boxoffice/core/adapter'
import {
  BACKSTOP_LUA,
  DELETE_TOKEN_LUA,
  KEPT_TICKS,
  lineScript,
  SALE_LUA,
  TOKEN_LUA,
  type LineScript,
} from './prelude.js'

/**
 * One admission tick for one concert. ARGV: tick id, now, maxActive,
 * admitPerTick, activeTtlMs, waitingIdleTtlMs, sweepLimit, backstop ms.
 *
 * The tick id makes a replay (ioredis resending the call after a reconnect)
 * answer what the first run did instead of admitting a second batch.
 * Every loop is bounded by sweepLimit or by the slots of this tick. The tick
 * also rewrites the admission window (`line` field `window`, `admitted|since`
 * over the newest ADMISSION_WINDOW_TICKS ticks), so enter and status read one
 * field instead of parsing the tick list, and pushes out the backstop expiry
 * of every key of the line.
 *
 * Under the sale settings (mirrors the core's `openingDue`, `linePolicy` and
 * `saleStage`): while pre-queued tokens wait and the opening time has passed,
 * the tick answers `{ 'OPENING' }` and changes nothing, so the store runs the
 * opening in batches (OPEN_BATCH_SCRIPT) and then this tick again; the
 * line's own limits replace maxActive and admitPerTick; a paused or closed
 * line admits nobody, though the sweeps still run.
 */
export const ADMIT_SCRIPT: LineScript = lineScript(
  ['tokens', 'users', 'waiting', 'heartbeats', 'active', 'line', 'ticks', 'listed', 'prequeue', 'sale'],
  TOKEN_LUA,
  DELETE_TOKEN_LUA,
  BACKSTOP_LUA,
  SALE_LUA,
  `
local tick_id, now_arg = ARGV[1], ARGV[2]
local now, max_active, per_tick = tonumber(now_arg), tonumber(ARGV[3]), tonumber(ARGV[4])
local sale = read_sale()
max_active, per_tick = sale.max_active or max_active, sale.per_tick or per_tick
local active_ttl, idle_ms, sweep_limit, ttl_ms = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

-- ticks are 'tickId|at|admitted|expired|dropped', newest first
local TICK_PATTERN = '^([^|]+)|([^|]+)|([^|]+)|([^|]+)|([^|]+)$'

-- an emptied line forgets that it was listed, so the next enter lists it again
local function finish(admitted, expired, dropped)
  local remaining = redis.call('HLEN', TOKENS)
  if remaining == 0 then redis.call('DEL', LISTED) end
  return { 'OK', admitted, expired, dropped, redis.call('ZCARD', ACTIVE), redis.call('ZCARD', WAITING), remaining }
end

for _, entry in ipairs(redis.call('LRANGE', TICKS, 0, ${KEPT_TICKS} - 1)) do
  local id, _, admitted, expired, dropped = string.match(entry, TICK_PATTERN)
  if id == tick_id then return finish(tonumber(admitted), tonumber(expired), tonumber(dropped)) end
end

if sale.open and now >= sale.open then
  if redis.call('ZCARD', PREQUEUE) > 0 then return { 'OPENING' } end
  if not sale.opened then redis.call('HSET', SALE, 'opened', '1') end
end

-- a member without a token record can only be damage: removed, not counted;
-- a pre-queued token is idle only counting from the opening: it is rescored to it, not dropped
local function sweep(key, max_score)
  local swept = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', max_score, 'LIMIT', 0, sweep_limit)) do
    local t = read_token(id)
    if t and t.pre and is_live(t, now, idle_ms, sale.open) then
      redis.call('ZADD', HEARTBEATS, idle_since(t, sale.open), id)
    elseif t then
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
if sale.paused or sale_stage(sale, now) ~= 'open' then slots = 0 end
local admitted, dropped_in_line = 0, 0
if slots > 0 then
  local expires = int(now + active_ttl)
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
      redis.call('ZREM', WAITING, id)
      redis.call('ZREM', HEARTBEATS, id)
      redis.call('ZADD', ACTIVE, expires, id)
      -- 'W|user|seq|entered' becomes 'A|user|seq|entered|seen|activated|expires'
      redis.call('HSET', TOKENS, id, 'A' .. string.sub(t.raw, 2) .. '|' .. int(t.seen) .. '|' .. now_arg .. '|' .. expires)
      admitted = admitted + 1
    end
  end
end
dropped = dropped + dropped_in_line

redis.call('LPUSH', TICKS, tick_id .. '|' .. now_arg .. '|' .. admitted .. '|' .. expired .. '|' .. dropped)
redis.call('LTRIM', TICKS, 0, ${KEPT_TICKS} - 1)
local window_admitted, window_since = 0, now_arg
for _, entry in ipairs(redis.call('LRANGE', TICKS, 0, ${ADMISSION_WINDOW_TICKS} - 1)) do
  local _, at, n = string.match(entry, TICK_PATTERN)
  window_admitted = window_admitted + tonumber(n)
  window_since = at
end
redis.call('HSET', LINE, 'window', int(window_admitted) .. '|' .. window_since)
refresh_backstop(ttl_ms, { TOKENS, USERS, WAITING, HEARTBEATS, ACTIVE, LINE, TICKS, PREQUEUE })
return finish(admitted, expired, dropped)
`,
)
