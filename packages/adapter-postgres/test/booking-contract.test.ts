import { describeBookingStoreContract } from '@boxoffice/adapter-test'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresBookingStore } from '../src/index.js'
import {
  closedPort,
  createTestPool,
  createTestSchema,
  emptySchema,
  severablePool,
  type TestSchema,
} from './support/test-database.js'

const pool = createTestPool(10)
let unreachable: ReturnType<typeof createTestPool>
let db: TestSchema

beforeAll(async () => {
  unreachable = createTestPool(2, { port: await closedPort() })
  db = await createTestSchema(pool, 'bo_booking_contract')
})
afterAll(async () => {
  await db.drop()
  await pool.end()
  await unreachable.end()
})

// One schema for the file, emptied for every test and property run.
describeBookingStoreContract(
  'postgres',
  async () => {
    await emptySchema(pool, db.schema)
    const { pool: storePool, cutOff } = severablePool(pool, unreachable)
    return { store: createPostgresBookingStore({ pool: storePool, schema: db.schema }), disconnect: cutOff }
  },
  { numRuns: 15, disconnects: true },
)
