/**
 * The slice of an ioredis `Redis` or `Cluster` the queue store uses. Both
 * classes of ioredis 5 and 6 satisfy it; the application creates, configures
 * and closes the client. Each parameter is typed as the narrowest form both
 * majors accept (ioredis 6 types `ZRANGE`'s stop as a string only).
 */
export interface RedisQueueClient {
  /** ioredis registers a Lua script as a method that runs EVALSHA and falls back to EVAL on NOSCRIPT. */
  defineCommand(name: string, definition: { lua: string; numberOfKeys?: number }): void
  zadd(key: string, ...args: (string | number)[]): Promise<number | string | null>
  zrem(key: string, ...members: string[]): Promise<number>
  zrange(key: string, start: number, stop: string): Promise<string[]>
  exists(...keys: string[]): Promise<number>
}
