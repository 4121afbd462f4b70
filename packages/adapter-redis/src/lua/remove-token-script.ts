import { PRELUDE } from './prelude.js'

/**
 * Deletes a token whatever its state (leave, and complete after a sale).
 * ARGV: local id. Answers how many tokens the concert still has, so the
 * caller knows when the line emptied and the registry entry can go.
 */
export const REMOVE_TOKEN_SCRIPT: string = `${PRELUDE}
local t = read_token(ARGV[1])
if not t then return { 'NOT_FOUND' } end
delete_token(t)
return { 'OK', redis.call('HLEN', TOKENS) }
`
