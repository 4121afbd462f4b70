import { lineScript, LOST_TOKEN_LUA, SALE_LUA, TOKEN_LUA, type LineScript } from './prelude.js'

/**
 * `authorizeToken` in one step; reads only. Ownership is checked before
 * liveness and state, as the core does. ARGV: local id, userId, now, waitingIdleTtlMs.
 * Answers `{ 'OK', record }` for a live ACTIVE token of that user, or
 * `{ 'NOT_ACTIVE', status }`, `NOT_FOUND`, `RESET`, `USER_MISMATCH`, `EXPIRED`.
 */
export const AUTHORIZE_SCRIPT: LineScript = lineScript(
  ['tokens', 'heartbeats', 'line', 'waiting', 'prequeue', 'sale'],
  TOKEN_LUA,
  LOST_TOKEN_LUA,
  SALE_LUA,
  `
local id, user = ARGV[1], ARGV[2]
local now, idle_ms = tonumber(ARGV[3]), tonumber(ARGV[4])

local t = read_token(id)
if not t then return missing(id) end
if owner(t) ~= user then return { 'USER_MISMATCH' } end
local sale = read_sale()
if not is_live(t, now, idle_ms, sale.open) then return { 'EXPIRED' } end
if not t.active then
  return { 'NOT_ACTIVE', (t.pre and not shown_as_waiting(t, sale)) and 'PRE_QUEUED' or 'WAITING' }
end
return { 'OK', t.raw }
`,
)
