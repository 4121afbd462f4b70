import pg from 'pg'
import { loadPostgresAdapter, type PostgresAdapter } from './postgres-adapter.js'
import { POSTGRES, POSTGRES_POOL_SIZE } from './services.js'

/** A pool and a freshly migrated schema that `close` drops again. */
export interface PostgresFixture {
  readonly pool: pg.Pool
  readonly schema: string
  readonly adapter: PostgresAdapter
  /** Runs SQL with the schema on the search path (checks and set-up, never measured). */
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>
  close(): Promise<void>
}

/** Why Postgres cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ ...POSTGRES, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return `Postgres at ${POSTGRES.host}:${POSTGRES.port} does not answer (${(error as Error).message})`
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Opens a pool, creates `schema` with the adapter's migrations and answers the
 * fixture; a failure closes what was opened and throws.
 */
export async function openPostgres(schema: string, poolSize: number = POSTGRES_POOL_SIZE): Promise<PostgresFixture> {
  const adapter = await loadPostgresAdapter()
  const pool = new pg.Pool({ ...POSTGRES, max: poolSize })
  pool.on('error', () => undefined)
  const drop = async (): Promise<void> => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  }
  try {
    await drop()
    const migrated = await adapter.migrate(pool, { schema })
    if (migrated.isErr()) throw new Error(`migrating ${schema} failed: ${migrated.error.message}`)
  } catch (error) {
    await drop().catch(() => undefined)
    await pool.end()
    throw error
  }
  return {
    pool,
    schema,
    adapter,
    query: async <Row>(text: string, values: readonly unknown[] = []) => {
      const client = await pool.connect()
      try {
        await client.query(`SET search_path TO "${schema}"`)
        return (await client.query(text, [...values])).rows as Row[]
      } finally {
        await client.query('RESET search_path').catch(() => undefined)
        client.release()
      }
    },
    close: async () => {
      try {
        await drop()
      } finally {
        await pool.end()
      }
    },
  }
}

/** Drops a schema a crashed process may have left behind (a no-op when it is gone). */
export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client(POSTGRES)
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
