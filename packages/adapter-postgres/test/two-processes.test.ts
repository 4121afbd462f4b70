import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { openSale, START } from './support/sale-fixture.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

const pool = createTestPool(4)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(pool, 'bo_processes')
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const worker = fileURLToPath(new URL('./support/sale-worker.ts', import.meta.url))
// The worker runs the TypeScript sources, like vitest does: no build needed.
const workerTsconfig = fileURLToPath(new URL('./support/worker-tsconfig.json', import.meta.url))

function runWorker(name: string, args: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, db.schema, name, ...args], {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: workerTsconfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let errors = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>)
      else reject(new Error(`worker ${name} exited with ${code}: ${errors}`))
    })
  })
}

describe('two app processes selling the same seats at once', () => {
  it('keep every booking invariant', async () => {
    const users = 12
    const seats = 150
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    await openSale(booking, 'shared', seats, 100)
    for (let i = 0; i < users; i++) {
      ;(
        await booking.charge({
          entryId: `seed-${i}`,
          userId: `user-${i}`,
          amount: 800,
          idempotencyKey: null,
          maxBalance: 1e8,
          now: START,
        })
      )._unsafeUnwrap()
    }
    const [first, second] = await Promise.all([
      runWorker('a', ['25', String(users), String(seats)]),
      runWorker('b', ['25', String(users), String(seats)]),
    ])
    // Both processes did real work, and met each other: seats taken, wallets
    // drained; and no call failed for any reason but the domain's.
    const expected = [
      'hold:ok',
      'hold:SeatUnavailable',
      'hold:HoldLimitReached',
      'release:ok',
      'pay:ok',
      'pay:InsufficientBalance',
      'charge:ok',
    ]
    for (const seen of [first, second]) {
      expect(Object.keys(seen ?? {}).filter((key) => !expected.includes(key))).toEqual([])
      expect(seen?.['pay:ok'] ?? 0).toBeGreaterThan(0)
      expect(seen?.['hold:SeatUnavailable'] ?? 0).toBeGreaterThan(0)
    }
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM "${db.schema}".payments) AS payments,
              (SELECT count(*)::int FROM "${db.schema}".holds WHERE status = 'CONFIRMED') AS sold`,
    )
    const paid = (first?.['pay:ok'] ?? 0) + (second?.['pay:ok'] ?? 0)
    expect(rows[0]).toEqual({ payments: paid, sold: paid })
  })
})
