import { BACKSTOP_LUA, lineScript, SALE_LUA, TOKEN_LUA, type LineScript } from './prelude.js'

/**
 * One batch of a line's opening. ARGV: now, batch size, backstop ms.
 * Marks the line opened and moves the `batch` pre-queued tokens with the
 * lowest draws from PREQUEUE into WAITING (score `draw - 2^53`, so in draw
 * order and ahead of every token that entered after the opening), their
 * records PRE_QUEUED -> WAITING and their idle time starting at the opening
 * at the earliest (mirrors `openToken`). Ranks stay exact between batches (see
 * SALE_LUA). Answers `{ 'OK', moved, still pre-queued }`; before the
 * opening time it moves nothing.
 */
export const OPEN_BATCH_SCRIPT: LineScript = lineScript(
  ['tokens', 'waiting', 'heartbeats', 'prequeue', 'sale'],
  TOKEN_LUA,
  BACKSTOP_LUA,
  SALE_LUA,
  `
local now, batch, ttl_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local sale = read_sale()
if not sale.open or now < sale.open then return { 'OK', 0, redis.call('ZCARD', PREQUEUE) } end
if not sale.opened then redis.call('HSET', SALE, 'opened', '1') end
local TWO_53 = 9007199254740992
local popped = redis.call('ZPOPMIN', PREQUEUE, batch)
local moved = 0
for i = 1, #popped, 2 do
  local id = popped[i]
  local raw = redis.call('HGET', TOKENS, id)
  if raw and string.byte(raw, 1) == PRE_MARK then
    -- int(): Lua would print the score with 14 digits; %d keeps every digit of a 53-bit integer
    redis.call('ZADD', WAITING, int(tonumber(popped[i + 1]) - TWO_53), id)
    redis.call('HSET', TOKENS, id, 'W' .. string.sub(raw, 2))
    local seen = tonumber(redis.call('ZSCORE', HEARTBEATS, id)) or 0
    if seen < sale.open then redis.call('ZADD', HEARTBEATS, sale.open, id) end
    moved = moved + 1
  end
end
if moved > 0 then refresh_backstop(ttl_ms, { WAITING }) end
return { 'OK', moved, redis.call('ZCARD', PREQUEUE) }
`,
)
