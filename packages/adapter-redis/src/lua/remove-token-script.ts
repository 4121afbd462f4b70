import { DELETE_TOKEN_LUA, lineScript, LOST_TOKEN_LUA, TOKEN_LUA, type LineScript } from './prelude.js'

/**
 * Deletes a token whatever its state (leave, and complete after a sale).
 * ARGV: local id. Answers how many tokens the concert still has, so the
 * caller knows when the line emptied and the registry entry can go; an
 * emptied line also forgets that it was listed, so the next enter lists it again.
 */
export const REMOVE_TOKEN_SCRIPT: LineScript = lineScript(
  ['tokens', 'users', 'waiting', 'heartbeats', 'active', 'listed', 'line', 'prequeue'],
  TOKEN_LUA,
  DELETE_TOKEN_LUA,
  LOST_TOKEN_LUA,
  `
local t = read_token(ARGV[1])
if not t then return missing(ARGV[1]) end
delete_token(t)
local remaining = redis.call('HLEN', TOKENS)
if remaining == 0 then redis.call('DEL', LISTED) end
return { 'OK', remaining }
`,
)
