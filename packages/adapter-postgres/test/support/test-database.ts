import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import pg from 'pg'
import { migrate, type PostgresPool } from '../../src/index.js'

/**
 * The test database: loopback only, trust auth. Commits do not wait for the
 * WAL flush: durability across a server crash is not what these tests check
 * (locking and isolation are unchanged), and it makes each commit ~10x cheaper.
 */
export const TEST_DATABASE: pg.PoolConfig = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'test',
  options: '-c synchronous_commit=off',
}

/** A pool for one test file. Idle connections killed by a test must not crash the run. */
export function createTestPool(max = 10, config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ ...TEST_DATABASE, max, ...config })
  pool.on('error', () => {})
  return pool
}

/** A unique schema name per call: test files never share state. */
export function randomSchemaName(prefix = 'bo_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`
}

/** A freshly migrated schema, and how to drop it. */
export interface TestSchema {
  readonly schema: string
  readonly drop: () => Promise<void>
}

export async function createTestSchema(pool: pg.Pool, prefix?: string): Promise<TestSchema> {
  const schema = randomSchemaName(prefix)
  const report = await migrate(pool, { schema })
  if (report.isErr()) throw new Error(`migrate failed: ${report.error.message}`)
  return {
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    },
  }
}

// Children before parents. The hold -> payment key is checked at commit, so
// deleting payments before holds inside one transaction is fine.
const DATA_TABLES = [
  'queue_tokens',
  'queue_lines',
  'queue_admissions',
  'queue_ticks',
  'queue_rank_buckets',
  'ledger_entries',
  'idempotency_keys',
  'refunds',
  'payments',
  'events',
  'hold_seats',
  'holds',
  'wallets',
  'seats',
  'schedules',
  'concerts',
]

/**
 * Empties every data table of the schema (migrations stay recorded): a fresh
 * store for the next test. DELETE, not TRUNCATE: the tables hold a few rows,
 * and DELETE skips TRUNCATE's new files and exclusive locks, which makes a
 * property run's set-up cost about a millisecond.
 */
export async function emptySchema(pool: pg.Pool, schema: string): Promise<void> {
  const deletes = DATA_TABLES.map((table) => `DELETE FROM "${schema}".${table};`).join(' ')
  await pool.query(`BEGIN; ${deletes} COMMIT;`)
}

/** Terminates every backend of `applicationName` through `admin`; answers how many went. */
export async function terminateBackends(admin: pg.Pool, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ killed: boolean }>(
    'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  )
  return rows.filter((row) => row.killed).length
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/**
 * A pool for one store that can be cut off: until `cutOff` it lends the live
 * pool's connections; afterwards it asks `dead` (a pool at a closed port), so
 * every call meets the driver's own connection failure, as after losing the server.
 */
export function severablePool(live: pg.Pool, dead: pg.Pool): { pool: PostgresPool; cutOff: () => Promise<void> } {
  let target = live
  const pool: PostgresPool = {
    query: (config) => target.query({ ...config, values: config.values ?? [] }),
    connect: (callback) => target.connect(callback),
  }
  return {
    pool,
    cutOff: async () => {
      target = dead
    },
  }
}
