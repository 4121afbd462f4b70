import { resolvePolicy, type Payment, type StoreError } from '@boxoffice/core'
import type { Result } from 'neverthrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { holdCommand, openSale, payCommand, START, tally } from './support/sale-fixture.js'
import {
  closedPort,
  createTestPool,
  createTestSchema,
  randomSchemaName,
  terminateBackends,
  type TestSchema,
} from './support/test-database.js'

const admin = createTestPool(3)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(admin, 'bo_faults')
})
afterAll(async () => {
  await db.drop()
  await admin.end()
})

describe('connections killed in the middle of a burst of payments', () => {
  it('every call answers a Result, and no half-done payment is left behind', async () => {
    const applicationName = randomSchemaName('bo_victim')
    const pool = createTestPool(10, { application_name: applicationName })
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    const buyers = 300
    const sale = await openSale(booking, 'faults', buyers, 100)
    for (let i = 0; i < buyers; i++) {
      ;(
        await booking.holdSeat(holdCommand({ ...sale, holdId: `f-hold-${i}`, userId: `f-user-${i}`, seatNo: i + 1 }))
      )._unsafeUnwrap()
      ;(
        await booking.charge({
          entryId: `f-charge-${i}`,
          userId: `f-user-${i}`,
          amount: 150,
          idempotencyKey: null,
          maxBalance: 1e8,
          now: START,
        })
      )._unsafeUnwrap()
    }
    const pay = (i: number, attempt: number) =>
      booking.pay(
        payCommand({
          paymentId: `f-pay-${i}-${attempt}`,
          entryId: `f-entry-${i}-${attempt}`,
          userId: `f-user-${i}`,
          holdId: `f-hold-${i}`,
          idempotencyKey: `f-key-${i}`,
          concertId: sale.concertId,
        }),
      )

    // Kill every backend of the pool twice while payments are in flight: once
    // 30 have answered, again once 150 have.
    let answered = 0
    const kills: Promise<number>[] = []
    const burst = Array.from({ length: buyers }, (_, i) =>
      pay(i, 0).then((outcome) => {
        answered++
        if (answered === 30 || answered === 150) kills.push(terminateBackends(admin, applicationName))
        return outcome
      }),
    )
    const settled = await Promise.allSettled(burst)
    expect(settled.every((entry) => entry.status === 'fulfilled')).toBe(true)
    const outcomes = settled.map((entry) => (entry as PromiseFulfilledResult<Result<Payment, { type: string }>>).value)
    const counts = tally(outcomes)
    expect(Object.keys(counts).filter((type) => type !== 'ok' && type !== 'StoreUnavailable')).toEqual([])
    expect((await Promise.all(kills)).reduce((sum, killed) => sum + killed, 0)).toBeGreaterThan(0)
    expect(counts.StoreUnavailable ?? 0).toBeGreaterThan(0)
    expect(await brokenInvariants(admin, db.schema)).toEqual({})

    // A call that answered StoreUnavailable is safe to retry with its key:
    // it either replays the payment that did commit or makes it now.
    const retried = await Promise.all(
      outcomes.map((outcome, i) => (outcome.isOk() ? Promise.resolve(outcome) : pay(i, 1))),
    )
    expect(tally(retried)).toEqual({ ok: buyers })
    const paid = await admin.query(`SELECT count(*)::int AS n FROM "${db.schema}".payments`)
    expect(paid.rows[0]).toEqual({ n: buyers })
    const left = await admin.query(
      `SELECT sum(balance)::int AS total FROM "${db.schema}".wallets WHERE user_id LIKE 'f-user-%'`,
    )
    expect(left.rows[0]).toEqual({ total: buyers * 50 })
    expect(await brokenInvariants(admin, db.schema)).toEqual({})
    await pool.end()
  })
})

const unavailable = (outcome: Result<unknown, StoreError | { readonly type: string }>): string =>
  outcome.match(
    () => 'ok',
    (error) => error.type,
  )

describe('a database that cannot be reached', () => {
  it('answers StoreUnavailable from every port and from migrate, never a rejection', async () => {
    const pool = createTestPool(2, { port: await closedPort(), connectionTimeoutMillis: 2_000 })
    const booking = createPostgresBookingStore({ pool, schema: 'nowhere' })
    const queue = createPostgresQueueStore({ pool, schema: 'nowhere' })
    const policy = resolvePolicy().queue
    const outcomes = await Promise.all([
      migrate(pool, { schema: 'nowhere' }),
      queue.enter({ token: 'c~t', userId: 'u', concertId: 'c', now: START, policy }),
      queue.status({ token: 'c~t', now: START, policy }),
      queue.admit({ concertId: 'c', now: START, policy }),
      booking.listConcerts(),
      booking.holdSeat(holdCommand({ holdId: 'h', userId: 'u', concertId: 'c', scheduleId: 's', seatNo: 1 })),
      booking.charge({ entryId: 'e', userId: 'u', amount: 1, idempotencyKey: 'k', maxBalance: 10, now: START }),
      booking.pay(
        payCommand({
          paymentId: 'p',
          entryId: 'e',
          userId: 'u',
          holdId: 'h',
          idempotencyKey: 'k',
          concertId: 'c',
        }),
      ),
    ])
    expect(outcomes.map(unavailable)).toEqual(Array(outcomes.length).fill('StoreUnavailable'))
    await pool.end()
  })

  it('answers StoreUnavailable when the pool has no connection to give in time', async () => {
    const pool = createTestPool(1, { connectionTimeoutMillis: 200 })
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    const hog = await pool.connect()
    try {
      const outcome = await booking.charge({
        entryId: 'e',
        userId: 'u',
        amount: 1,
        idempotencyKey: 'k',
        maxBalance: 10,
        now: START,
      })
      expect(unavailable(outcome)).toBe('StoreUnavailable')
    } finally {
      hog.release()
      await pool.end()
    }
  })
})
