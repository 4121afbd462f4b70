import {
  BACKSTOP_LUA,
  DELETE_TOKEN_LUA,
  lineScript,
  REGISTRY_RECHECK_MS,
  SALE_LUA,
  TOKEN_LUA,
  type LineScript,
} from './prelude.js'

/**
 * `decideEnter` in one step, under the sale window. ARGV: userId, candidate
 * local id, now, waitingIdleTtlMs, backstop ms, candidate generation (hex),
 * random draw in [0, 2^52). A new token's local id is the candidate with
 * `.<generation>.<seq>` appended (see LOST_TOKEN_LUA); the line keeps the
 * first generation it was given. Before the opening the new token is
 * PRE_QUEUED, placed in PREQUEUE by the draw; from the closing on, nobody enters.
 * Answers `{ 'OK', record, rank, window or nil, sale, local id, list }` or
 * `{ 'CLOSED', close }`: the token's lastSeenAt is `now` unless it is ACTIVE;
 * `list` is 1 when the store must add the concert to the registry (the line
 * was emptied since the last add, or that add is older than the recheck
 * interval), 0 otherwise.
 * A replayed call finds the token its first run created (live, same user), so it never adds a second one.
 */
export const ENTER_SCRIPT: LineScript = lineScript(
  ['tokens', 'users', 'waiting', 'heartbeats', 'active', 'line', 'listed', 'prequeue', 'sale'],
  TOKEN_LUA,
  DELETE_TOKEN_LUA,
  BACKSTOP_LUA,
  SALE_LUA,
  `
local user, candidate, now_arg = ARGV[1], ARGV[2], ARGV[3]
local now, idle_ms, ttl_ms = tonumber(now_arg), tonumber(ARGV[4]), tonumber(ARGV[5])

local sale = read_sale()
local stage = sale_stage(sale, now)
if stage == 'closed' then return { 'CLOSED', sale.raw[2] } end

local list = 0
if redis.call('SET', LISTED, '1', 'PX', ${REGISTRY_RECHECK_MS}, 'NX') then list = 1 end

local existing = redis.call('HGET', USERS, user)
if existing then
  local t = read_token(existing)
  if t and is_live(t, now, idle_ms, sale.open) then
    if not t.active then redis.call('ZADD', HEARTBEATS, now_arg, existing) end
    local raw, rank = position(t, sale)
    return { 'OK', raw, rank, redis.call('HGET', LINE, 'window'), sale.raw, existing, list }
  end
  if t then delete_token(t) else redis.call('HDEL', USERS, user) end
end

local seq = redis.call('HINCRBY', LINE, 'seq', 1)
local gen = redis.call('HGET', LINE, 'gen')
if not gen then
  gen = ARGV[6]
  redis.call('HSET', LINE, 'gen', gen)
end
local suffix = '.' .. gen .. '.' .. int(seq)
-- a token's random part is at most 128 characters; a longer candidate gives up its tail to the suffix
candidate = string.sub(candidate, 1, 128 - #suffix) .. suffix
local early = stage == 'before'
local raw = (early and 'P|' or 'W|') .. user .. '|' .. int(seq) .. '|' .. now_arg
if redis.call('HSETNX', TOKENS, candidate, raw) == 0 then
  return redis.error_reply('BOXOFFICE the candidate token id is already in use: token ids must be random')
end
redis.call('HSET', USERS, user, candidate)
redis.call('ZADD', HEARTBEATS, now_arg, candidate)
local rank = -1
local was_empty
if early then
  was_empty = redis.call('ZCARD', PREQUEUE) == 0
  redis.call('ZADD', PREQUEUE, ARGV[7], candidate)
  if sale.opened then
    -- a clock behind the process that opened the line: the next admit moves this token too
    raw = 'W' .. string.sub(raw, 2)
    rank = redis.call('ZCOUNT', WAITING, '-inf', '(0') + redis.call('ZRANK', PREQUEUE, candidate) + 1
  end
else
  -- every other WAITING token has a smaller seq, and every pre-queued one ranks ahead, so the new one ranks last
  local ahead = redis.call('ZCARD', WAITING)
  was_empty = ahead == 0
  rank = ahead + redis.call('ZCARD', PREQUEUE) + 1
  redis.call('ZADD', WAITING, seq, candidate)
end
-- an empty set before this enter means it may have created every key it wrote
if was_empty then refresh_backstop(ttl_ms, { TOKENS, USERS, WAITING, HEARTBEATS, LINE, PREQUEUE }) end
return { 'OK', raw, rank, redis.call('HGET', LINE, 'window'), sale.raw, candidate, list }
`,
)
