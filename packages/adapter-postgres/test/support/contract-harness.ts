import type { MakeStore } from '@boxoffice/adapter-test'
import { afterAll, beforeAll } from 'vitest'
import type { PostgresPool } from '../../src/index.js'
import { createVictimPool } from './backend-killer.js'
import {
  closedPort,
  createTestPool,
  createTestSchema,
  emptySchema,
  severablePool,
  type TestSchema,
} from './test-database.js'

/**
 * A contract-suite factory over one schema for the whole test file, emptied
 * before every test and property run. Each store gets a pool that
 * `disconnect` can switch to a closed port, as a lost database would; the
 * pool's connections carry a name of their own, so `killConnections`
 * terminates exactly them.
 */
export function postgresContractStores<S>(
  schemaPrefix: string,
  createStore: (options: { pool: PostgresPool; schema: string }) => S,
): MakeStore<S> {
  const admin = createTestPool(2)
  const victim = createVictimPool(admin, 10)
  const pool = victim.pool
  let unreachable: ReturnType<typeof createTestPool>
  let db: TestSchema

  beforeAll(async () => {
    unreachable = createTestPool(2, { port: await closedPort() })
    db = await createTestSchema(pool, schemaPrefix)
  })
  afterAll(async () => {
    await db.drop()
    await pool.end()
    await unreachable.end()
    await admin.end()
  })

  return async () => {
    await emptySchema(pool, db.schema)
    const { pool: storePool, cutOff } = severablePool(pool, unreachable)
    return {
      store: createStore({ pool: storePool, schema: db.schema }),
      disconnect: cutOff,
      killConnections: victim.kill,
    }
  }
}
