import { PRELUDE } from './prelude.js'

/**
 * `decideEnter` in one step. ARGV: userId, candidate local id, now, waitingIdleTtlMs, backstop ms.
 * A replayed call finds the token its first run created (live, same user), so it never adds a second one.
 */
export const ENTER_SCRIPT: string = `${PRELUDE}
local user, candidate, now_arg = ARGV[1], ARGV[2], ARGV[3]
local now, idle_ms, ttl_ms = tonumber(now_arg), tonumber(ARGV[4]), tonumber(ARGV[5])

local existing = redis.call('HGET', USERS, user)
if existing then
  local t = read_token(existing)
  if t and is_live(t, now, idle_ms) then
    if t.status == 'W' then
      redis.call('ZADD', HEARTBEATS, now_arg, t.id)
      t.seen = now
    end
    refresh_backstop(ttl_ms)
    return position_reply(t)
  end
  if t then delete_token(t) else redis.call('HDEL', USERS, user) end
end

if redis.call('HEXISTS', TOKENS, candidate) == 1 then
  return redis.error_reply('BOXOFFICE the candidate token id is already in use: token ids must be random')
end
local seq = redis.call('INCR', SEQ)
redis.call('HSET', TOKENS, candidate, 'W|' .. user .. '|' .. int(seq) .. '|' .. now_arg)
redis.call('HSET', USERS, user, candidate)
redis.call('ZADD', WAITING, seq, candidate)
redis.call('ZADD', HEARTBEATS, now_arg, candidate)
refresh_backstop(ttl_ms)
return position_reply({ id = candidate, status = 'W', user = user, seq = seq, entered = now, seen = now })
`
