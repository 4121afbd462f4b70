import { lineScript, LOST_TOKEN_LUA, type LineScript } from './prelude.js'

/**
 * `pollToken` in one step: liveness, heartbeat, rank, and the admission
 * window that `admit` keeps precomputed. ARGV: local id, now, waitingIdleTtlMs.
 * Answers `{ 'OK', record, rank (-1 when ACTIVE), window or nil }` (`NOT_FOUND`,
 * `RESET` or `EXPIRED` otherwise); a WAITING
 * token's lastSeenAt is `now`, since this poll just set it. Five commands for
 * a WAITING token, two for an ACTIVE one; nothing else is parsed or written.
 */
export const STATUS_SCRIPT: LineScript = lineScript(
  ['tokens', 'waiting', 'heartbeats', 'line'],
  LOST_TOKEN_LUA,
  `
local id, now_arg = ARGV[1], ARGV[2]
local now = tonumber(now_arg)
local raw = redis.call('HGET', TOKENS, id)
if not raw then return missing(id) end
if string.byte(raw, 1) == string.byte('A') then
  if tonumber(string.match(raw, '(%d+)$')) <= now then return { 'EXPIRED' } end
  return { 'OK', raw, -1, redis.call('HGET', LINE, 'window') }
end
-- a missing heartbeat can only mean damage; reading it as 0 makes the token idle, so it is swept
local seen = tonumber(redis.call('ZSCORE', HEARTBEATS, id)) or 0
if seen + tonumber(ARGV[3]) <= now then return { 'EXPIRED' } end
redis.call('ZADD', HEARTBEATS, now_arg, id)
return { 'OK', raw, redis.call('ZRANK', WAITING, id) + 1, redis.call('HGET', LINE, 'window') }
`,
)
