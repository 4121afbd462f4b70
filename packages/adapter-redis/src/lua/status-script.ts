import { lineScript, LOST_TOKEN_LUA, SALE_LUA, TOKEN_LUA, type LineScript } from './prelude.js'

/**
 * `pollToken` in one step: liveness, heartbeat, rank, the admission window
 * that `admit` keeps precomputed, and the sale settings. ARGV: local id, now,
 * idle ms (waitingIdleTtlMs + heartbeat step), heartbeat step ms. The
 * heartbeat is rewritten only when it moves by more than the step (a read-only
 * poll otherwise); the idle limit the store passes in includes the step, so
 * the idle rule stays exact to it. Answers `{ 'OK', record, rank (-1 when
 * none), window or nil, sale }` (`NOT_FOUND`, `RESET` or `EXPIRED`
 * otherwise); a token's lastSeenAt is `now` unless it is ACTIVE, since this
 * poll is its last one.
 */
export const STATUS_SCRIPT: LineScript = lineScript(
  ['tokens', 'waiting', 'heartbeats', 'line', 'prequeue', 'sale'],
  TOKEN_LUA,
  LOST_TOKEN_LUA,
  SALE_LUA,
  `
local id, now_arg = ARGV[1], ARGV[2]
local now = tonumber(now_arg)
local t = read_token(id)
if not t then return missing(id) end
local sale = read_sale()
if not is_live(t, now, tonumber(ARGV[3]), sale.open) then return { 'EXPIRED' } end
if not t.active and math.abs(now - t.seen) > tonumber(ARGV[4]) then redis.call('ZADD', HEARTBEATS, now_arg, id) end
local raw, rank = position(t, sale)
return { 'OK', raw, rank, redis.call('HGET', LINE, 'window'), sale.raw }
`,
)
