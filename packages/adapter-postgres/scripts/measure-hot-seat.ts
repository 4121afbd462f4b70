/*
 * Where a hot-seat round spends its time, to back the hot-seat section of
 * docs/adapters/postgres.md. Run from the repo root:
 *
 *   TSX_TSCONFIG_PATH=packages/adapter-postgres/test/support/worker-tsconfig.json \
 *     node --import tsx packages/adapter-postgres/scripts/measure-hot-seat.ts [rounds] [racers] [pool]
 *
 * Each round, `racers` users (default 1,000) ask for one fresh seat at the same
 * instant through `holdSeat`, over a pool of `pool` connections (default 10),
 * as the benchmark's hot-seat workload does. Commits wait for the WAL flush
 * (the server default). The pool is wrapped to time what each call did:
 * statements sent (by kind), time spent waiting for a pooled connection,
 * time in statements; a second connection samples `pg_stat_activity` wait
 * events while the rounds run.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createPostgresBookingStore, migrate, type PostgresPool } from '../src/index.js'
import { holdCommand, openSale, tally } from '../test/support/sale-fixture.js'

const [rounds = 20, racers = 1_000, poolSize = 10] = process.argv.slice(2).map(Number)

interface CallTrace {
  statements: number
  transactions: number
  poolWaitMs: number
  statementMs: number
}

/** The trace of the call currently running; set synchronously before each call starts. */
const traces = new Map<string, CallTrace>()

const kindOf = (text: string): string => {
  const compact = text.replace(/\s+/g, ' ').trim()
  return compact.split(' ').slice(0, 3).join(' ').slice(0, 40)
}

/** Wraps a pool so each statement and connection wait is charged to the call whose hold id it carries. */
function tracingPool(pool: pg.Pool, kinds: Map<string, number>): PostgresPool {
  const traceOf = (values: unknown[] | undefined): CallTrace | undefined => {
    for (const value of values ?? []) if (typeof value === 'string' && traces.has(value)) return traces.get(value)
    return undefined
  }
  const count = (text: string): void => {
    const kind = kindOf(text)
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
  }
  return {
    query: async (config) => {
      count(config.text)
      const t0 = performance.now()
      const result = await pool.query({ ...config, values: config.values ?? [] })
      const trace = traceOf(config.values)
      if (trace !== undefined) {
        trace.statements++
        trace.statementMs += performance.now() - t0
      }
      return result
    },
    connect: (callback) => {
      const t0 = performance.now()
      pool.connect((error, client) => {
        if (client === undefined) {
          callback(error, undefined)
          return
        }
        const waited = performance.now() - t0
        let charged: CallTrace | undefined
        callback(undefined, {
          query: async (config) => {
            count(config.text)
            charged ??= traceOf(config.values)
            if (charged !== undefined && charged.transactions === 0) {
              charged.transactions = 1
              charged.poolWaitMs += waited
            }
            const s0 = performance.now()
            const result = await client.query({ ...config, values: config.values ?? [] })
            if (charged !== undefined) {
              charged.statements++
              charged.statementMs += performance.now() - s0
            }
            return result
          },
          release: (destroy) => client.release(destroy),
          on: (event, listener) => client.on(event, listener),
          off: (event, listener) => client.off(event, listener),
        })
      })
    },
  }
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

async function main(): Promise<void> {
  const schema = `bo_hotseat_${randomBytes(4).toString('hex')}`
  const connection = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }
  const pool = new pg.Pool({ ...connection, max: poolSize })
  pool.on('error', () => {})
  const sampler = new pg.Client(connection)
  await sampler.connect()
  const kinds = new Map<string, number>()
  const waits = new Map<string, number>()
  let sampling = true
  try {
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const booking = createPostgresBookingStore({ pool: tracingPool(pool, kinds), schema })
    const setup = createPostgresBookingStore({ pool, schema })
    const sales = []
    for (let round = 0; round < rounds; round++) sales.push(await openSale(setup, `hot-${round}`, 1, 100))
    kinds.clear()

    const sample = (async () => {
      while (sampling) {
        const { rows } = await sampler.query<{ wait: string; n: number }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, state) AS wait, count(*)::int AS n
             FROM pg_stat_activity WHERE datname = 'test' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            GROUP BY 1`,
        )
        for (const row of rows) waits.set(row.wait, (waits.get(row.wait) ?? 0) + row.n)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()

    const latencies: number[] = []
    const all: CallTrace[] = []
    const winners: CallTrace[] = []
    const roundMs: number[] = []
    const outcomes: Record<string, number> = {}
    for (let round = 0; round < rounds; round++) {
      const sale = sales[round] as { concertId: string; scheduleId: string }
      const r0 = performance.now()
      const results = await Promise.all(
        Array.from({ length: racers }, async (_, i) => {
          const holdId = `h-${round}-${i}`
          const trace: CallTrace = { statements: 0, transactions: 0, poolWaitMs: 0, statementMs: 0 }
          traces.set(holdId, trace)
          traces.set(`u-${round}-${i}`, trace)
          const t0 = performance.now()
          const result = await booking.holdSeat(holdCommand({ ...sale, holdId, userId: `u-${round}-${i}`, seatNo: 1 }))
          latencies.push(performance.now() - t0)
          ;(result.isOk() ? winners : all).push(trace)
          return result
        }),
      )
      roundMs.push(performance.now() - r0)
      for (const [key, n] of Object.entries(tally(results))) outcomes[key] = (outcomes[key] ?? 0) + n
      traces.clear()
    }
    sampling = false
    await sample

    latencies.sort((a, b) => a - b)
    const losers = all
    const sum = (pick: (t: CallTrace) => number): number => losers.reduce((s, t) => s + pick(t), 0)
    console.log(`pool ${poolSize}, ${rounds} rounds x ${racers} racers`)
    console.log('outcomes', outcomes)
    console.log(
      `latency ms: p50 ${percentile(latencies, 0.5).toFixed(1)}, p99 ${percentile(latencies, 0.99).toFixed(1)}, max ${(latencies.at(-1) ?? 0).toFixed(1)}`,
    )
    console.log(`round wall ms: ${roundMs.map((ms) => ms.toFixed(0)).join(' ')}`)
    console.log(
      `losers: ${losers.length}; statements/loser ${(sum((t) => t.statements) / losers.length).toFixed(2)}; ` +
        `entered a transaction ${sum((t) => t.transactions)}; ` +
        `mean ms in statements ${(sum((t) => t.statementMs) / losers.length).toFixed(2)}, ` +
        `waiting for a connection to begin a transaction ${(sum((t) => t.poolWaitMs) / losers.length).toFixed(2)}`,
    )
    console.log('statements sent by kind', Object.fromEntries(kinds))
    const samples = [...waits.entries()].sort((a, b) => b[1] - a[1])
    console.log('backend states summed over samples', Object.fromEntries(samples))
  } finally {
    sampling = false
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
    await sampler.end()
  }
}

await main()
