import { PRELUDE } from './prelude.js'

/**
 * `authorizeToken` in one step; reads only. Ownership is checked before
 * liveness and state, as the core does. ARGV: local id, userId, now, waitingIdleTtlMs.
 */
export const AUTHORIZE_SCRIPT: string = `${PRELUDE}
local id, user = ARGV[1], ARGV[2]
local now, idle_ms = tonumber(ARGV[3]), tonumber(ARGV[4])

local t = read_token(id)
if not t then return { 'NOT_FOUND' } end
if t.user ~= user then return { 'USER_MISMATCH' } end
if not is_live(t, now, idle_ms) then return { 'EXPIRED' } end
if t.status ~= 'A' then return { 'NOT_ACTIVE', 'WAITING' } end
return token_reply(t)
`
