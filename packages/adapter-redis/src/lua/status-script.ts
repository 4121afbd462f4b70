import { PRELUDE } from './prelude.js'

/** `pollToken` in one step: rank and heartbeat. ARGV: local id, now, waitingIdleTtlMs, backstop ms. */
export const STATUS_SCRIPT: string = `${PRELUDE}
local id, now_arg = ARGV[1], ARGV[2]
local now, idle_ms, ttl_ms = tonumber(now_arg), tonumber(ARGV[3]), tonumber(ARGV[4])

local t = read_token(id)
if not t then return { 'NOT_FOUND' } end
if not is_live(t, now, idle_ms) then return { 'EXPIRED' } end
if t.status == 'W' then
  redis.call('ZADD', HEARTBEATS, now_arg, id)
  t.seen = now
  refresh_backstop(ttl_ms)
end
return position_reply(t)
`
