import { lineScript, SALE_LUA, type LineScript } from './prelude.js'

/** The sale settings as they are. Answers `{ 'OK', sale }`. */
export const READ_SALE_SCRIPT: LineScript = lineScript(
  ['sale', 'waiting', 'prequeue'],
  SALE_LUA,
  `
return { 'OK', read_sale().raw }
`,
)

/**
 * `decideSchedule` in one step (mirrors it; the contract suite judges both).
 * ARGV: salesOpenAt, salesCloseAt or '', now. Answers `{ 'OK', sale }` or
 * `{ 'ALREADY_OPEN', open or nil }`.
 */
export const SCHEDULE_SALE_SCRIPT: LineScript = lineScript(
  ['sale', 'waiting', 'active', 'prequeue'],
  SALE_LUA,
  `
local open, close, now = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local sale = read_sale()
local live = redis.call('ZCARD', WAITING) + redis.call('ZCARD', ACTIVE)
local started = sale.opened or (sale.open ~= nil and now >= sale.open) or live > 0
if started and sale.open ~= open then return { 'ALREADY_OPEN', sale.raw[1] } end
redis.call('HSET', SALE, 'open', ARGV[1])
if close == '' then redis.call('HDEL', SALE, 'close') else redis.call('HSET', SALE, 'close', close) end
return { 'OK', read_sale().raw }
`,
)

/**
 * `applyControls` in one step. ARGV: paused ('1', '0' or '' to keep),
 * maxActive, admitPerTick (each a number, 'policy' to clear, or '' to keep).
 * Answers `{ 'OK', sale }`.
 */
export const CONTROL_LINE_SCRIPT: LineScript = lineScript(
  ['sale', 'waiting', 'prequeue'],
  SALE_LUA,
  `
if ARGV[1] == '1' then redis.call('HSET', SALE, 'paused', '1') elseif ARGV[1] == '0' then redis.call('HDEL', SALE, 'paused') end
local function limit(field, value)
  if value == 'policy' then redis.call('HDEL', SALE, field) elseif value ~= '' then redis.call('HSET', SALE, field, value) end
end
limit('max_active', ARGV[2])
limit('per_tick', ARGV[3])
return { 'OK', read_sale().raw }
`,
)
