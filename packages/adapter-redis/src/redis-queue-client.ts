/**
 * The slice of an ioredis `Redis` or `Cluster` the queue store uses. Both
 * classes of ioredis 5 and 6 satisfy it; the application creates, configures
 * and closes the client. Each parameter is typed as the narrowest form both
 * majors accept (ioredis 6 types `ZRANGE`'s stop as a string only).
 */
export interface RedisQueueClient {
  /** ioredis registers a Lua script as a method that runs EVALSHA and falls back to EVAL on NOSCRIPT. */
  defineCommand(name: string, definition: { lua: string; numberOfKeys?: number }): void
  /** ZADD: adds members to a sorted set. */
  zadd(key: string, ...args: (string | number)[]): Promise<number | string | null>
  /** ZREM: removes members from a sorted set. */
  zrem(key: string, ...members: string[]): Promise<number>
  /** ZRANGE by rank: members from `start` to `stop`. */
  zrange(key: string, start: number, stop: string): Promise<string[]>
  /** EXISTS: how many of the keys exist. */
  exists(...keys: string[]): Promise<number>
}
