import {
  BACKSTOP_LUA,
  DELETE_TOKEN_LUA,
  lineScript,
  REGISTRY_RECHECK_MS,
  TOKEN_LUA,
  type LineScript,
} from './prelude.js'

/**
 * `decideEnter` in one step. ARGV: userId, candidate local id, now,
 * waitingIdleTtlMs, backstop ms, candidate generation (hex). A new token's
 * local id is the candidate with `.<generation>.<seq>` appended (see
 * LOST_TOKEN_LUA); the line keeps the first generation it was given.
 * Answers `{ 'OK', record, rank, window or nil, local id, list }`: the token's
 * lastSeenAt is `now` when it is WAITING; `list` is 1 when the store must add
 * the concert to the registry (the line was emptied since the last add, or
 * that add is older than the recheck interval), 0 otherwise.
 * A replayed call finds the token its first run created (live, same user), so it never adds a second one.
 */
export const ENTER_SCRIPT: LineScript = lineScript(
  ['tokens', 'users', 'waiting', 'heartbeats', 'active', 'line', 'listed'],
  TOKEN_LUA,
  DELETE_TOKEN_LUA,
  BACKSTOP_LUA,
  `
local user, candidate, now_arg = ARGV[1], ARGV[2], ARGV[3]
local now, idle_ms, ttl_ms = tonumber(now_arg), tonumber(ARGV[4]), tonumber(ARGV[5])

local list = 0
if redis.call('SET', LISTED, '1', 'PX', ${REGISTRY_RECHECK_MS}, 'NX') then list = 1 end

local existing = redis.call('HGET', USERS, user)
if existing then
  local t = read_token(existing)
  if t and is_live(t, now, idle_ms) then
    local rank = -1
    if not t.active then
      redis.call('ZADD', HEARTBEATS, now_arg, existing)
      rank = redis.call('ZRANK', WAITING, existing) + 1
    end
    return { 'OK', t.raw, rank, redis.call('HGET', LINE, 'window'), existing, list }
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
local raw = 'W|' .. user .. '|' .. int(seq) .. '|' .. now_arg
if redis.call('HSETNX', TOKENS, candidate, raw) == 0 then
  return redis.error_reply('BOXOFFICE the candidate token id is already in use: token ids must be random')
end
-- every other WAITING token has a smaller seq, so the new one ranks last
local ahead = redis.call('ZCARD', WAITING)
redis.call('HSET', USERS, user, candidate)
redis.call('ZADD', WAITING, seq, candidate)
redis.call('ZADD', HEARTBEATS, now_arg, candidate)
-- an empty waiting set means this enter may have created every key it wrote
if ahead == 0 then refresh_backstop(ttl_ms, { TOKENS, USERS, WAITING, HEARTBEATS, LINE }) end
return { 'OK', raw, ahead + 1, redis.call('HGET', LINE, 'window'), candidate, list }
`,
)
