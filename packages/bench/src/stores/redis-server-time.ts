import type { Redis } from 'ioredis'

/** Calls and server CPU time (µs) per command, as `INFO commandstats` reports them. */
type CommandStats = Map<string, { readonly calls: number; readonly usec: number }>

async function commandStats(client: Redis): Promise<CommandStats> {
  const stats: CommandStats = new Map()
  for (const line of (await client.info('commandstats')).split(/\r?\n/)) {
    const match = /^cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/.exec(line)
    if (match?.[1] !== undefined) stats.set(match[1], { calls: Number(match[2]), usec: Number(match[3]) })
  }
  return stats
}

/**
 * Where Redis spends its time on a workload: the difference of `INFO
 * commandstats` around each window, added up per side. It counts every client
 * of the server, so it is exact only when nothing else uses Redis meanwhile.
 */
export class RedisServerTime {
  readonly #client: Redis
  readonly #totals = new Map<string, Map<string, { calls: number; usec: number }>>()

  constructor(client: Redis) {
    this.#client = client
  }

  /** Runs `work`, adding the server time it caused under `label`. */
  async around<T>(label: string, work: () => Promise<T>): Promise<T> {
    const before = await commandStats(this.#client)
    const result = await work()
    const after = await commandStats(this.#client)
    const totals = this.#totals.get(label) ?? new Map<string, { calls: number; usec: number }>()
    this.#totals.set(label, totals)
    for (const [command, now] of after) {
      const then = before.get(command) ?? { calls: 0, usec: 0 }
      const calls = now.calls - then.calls
      if (calls <= 0 || command === 'info') continue
      const total = totals.get(command) ?? { calls: 0, usec: 0 }
      totals.set(command, { calls: total.calls + calls, usec: total.usec + (now.usec - then.usec) })
    }
    return result
  }

  /** `label: EVALSHA 31.2 µs x 50,553, ZADD 1.1 µs x 50,553`, the busiest commands first. */
  describe(label: string): string {
    const totals = [...(this.#totals.get(label) ?? new Map<string, { calls: number; usec: number }>())]
      .filter(([, total]) => total.calls > 0)
      .sort((a, b) => b[1].usec - a[1].usec)
      .slice(0, 3)
    const parts = totals.map(
      ([command, total]) =>
        `${command.toUpperCase()} ${(total.usec / total.calls).toFixed(1)} µs x ${total.calls.toLocaleString('en-US')}`,
    )
    return `${label}: ${parts.join(', ') || 'no commands seen'}`
  }
}
