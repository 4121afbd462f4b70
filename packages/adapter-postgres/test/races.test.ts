import { resolvePolicy, type BookingStore } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore } from '../src/index.js'
import { brokenInvariants } from './support/booking-invariants.js'
import { holdCommand, openSale, payCommand, START, tally } from './support/sale-fixture.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

/*
 * Real races: every call below goes out at once and the pool (20 connections)
 * runs them on separate backends, so the database, not the event loop, decides
 * who wins. Holds of one seat through one store take turns in this process
 * (SeatTurns); the tests with one store per call race them in the database.
 */

const pool = createTestPool(20)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(pool, 'bo_races')
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

const stores = () => ({
  booking: createPostgresBookingStore({ pool, schema: db.schema }),
  queue: createPostgresQueueStore({ pool, schema: db.schema }),
})

describe('racing for one seat', () => {
  it('1,000 concurrent holds on one seat leave exactly one winner, round after round (20 rounds)', async () => {
    const { booking } = stores()
    for (let round = 0; round < 20; round++) {
      const sale = await openSale(booking, `seat-race-${round}`, 1, 100)
      const outcomes = await Promise.all(
        Array.from({ length: 1_000 }, (_, i) =>
          booking.holdSeat(holdCommand({ ...sale, holdId: `h-${round}-${i}`, userId: `u-${round}-${i}`, seatNo: 1 })),
        ),
      )
      expect(tally(outcomes), `round ${round}`).toEqual({ ok: 1, SeatUnavailable: 999 })
      const { rows } = await pool.query(
        `SELECT count(*)::int AS held FROM "${db.schema}".holds WHERE schedule_id = $1`,
        [sale.scheduleId],
      )
      expect(rows[0]).toEqual({ held: 1 })
    }
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })
  it('200 stores (as from 200 processes) holding one seat at once leave exactly one winner, round after round (10 rounds)', async () => {
    // One store per call: nothing is shared in this process, so every call races in the database.
    const crowd = Array.from({ length: 200 }, () => createPostgresBookingStore({ pool, schema: db.schema }))
    for (let round = 0; round < 10; round++) {
      const sale = await openSale(crowd[0] as BookingStore, `store-race-${round}`, 1, 100)
      const outcomes = await Promise.all(
        crowd.map((store, i) =>
          store.holdSeat(holdCommand({ ...sale, holdId: `sr-${round}-${i}`, userId: `sr-${round}-${i}`, seatNo: 1 })),
        ),
      )
      expect(tally(outcomes), `round ${round}`).toEqual({ ok: 1, SeatUnavailable: 199 })
      const { rows } = await pool.query(
        `SELECT count(*)::int AS held FROM "${db.schema}".holds WHERE schedule_id = $1`,
        [sale.scheduleId],
      )
      expect(rows[0]).toEqual({ held: 1 })
    }
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })

  it('a seat already claimed is refused without waiting, even while another transaction holds its row lock', async () => {
    const { booking } = stores()
    const sale = await openSale(booking, 'locked-seat', 1, 100)
    ;(
      await booking.holdSeat(holdCommand({ ...sale, holdId: 'ls-first', userId: 'ls-first', seatNo: 1 }))
    )._unsafeUnwrap()
    // Sessions that give up on any lock wait: a refusal that waited would answer StoreUnavailable.
    const impatient = createTestPool(2, { options: '-c synchronous_commit=off -c lock_timeout=500' })
    const blocker = await pool.connect()
    try {
      await blocker.query('BEGIN')
      await blocker.query(`SELECT seat_id FROM "${db.schema}".seats WHERE schedule_id = $1 FOR NO KEY UPDATE`, [
        sale.scheduleId,
      ])
      const late = createPostgresBookingStore({ pool: impatient, schema: db.schema })
      const refused = await late.holdSeat(holdCommand({ ...sale, holdId: 'ls-late', userId: 'ls-late', seatNo: 1 }))
      expect(refused._unsafeUnwrapErr()).toMatchObject({ type: 'SeatUnavailable', seatNo: 1 })
    } finally {
      await blocker.query('ROLLBACK')
      blocker.release()
      await impatient.end()
    }
  })
})

describe('racing for the hold limit', () => {
  it('one user asking for 24 seats at once gets exactly maxSeatsPerUser of them, round after round (10 rounds)', async () => {
    const { booking } = stores()
    for (let round = 0; round < 10; round++) {
      const sale = await openSale(booking, `limit-race-${round}`, 24, 100)
      const userId = `limit-user-${round}`
      const outcomes = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          booking.holdSeat(
            holdCommand({ ...sale, holdId: `lr-${round}-${i}`, userId, seatNo: i + 1, maxSeatsPerUser: 4 }),
          ),
        ),
      )
      expect(tally(outcomes), `round ${round}`).toEqual({ ok: 4, HoldLimitReached: 20 })
      const { rows } = await pool.query(
        `SELECT count(*)::int AS held FROM "${db.schema}".holds WHERE user_id = $1 AND status = 'HELD'`,
        [userId],
      )
      expect(rows[0]).toEqual({ held: 4 })
    }
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })
})

describe('racing payments', () => {
  it('200 concurrent pays with one idempotency key debit exactly once and all answer the same payment', async () => {
    const { booking } = stores()
    const sale = await openSale(booking, 'one-key', 1, 100)
    ;(
      await booking.holdSeat(holdCommand({ ...sale, holdId: 'one-key-hold', userId: 'one-key-user', seatNo: 1 }))
    )._unsafeUnwrap()
    ;(
      await booking.charge({
        entryId: 'one-key-charge',
        userId: 'one-key-user',
        amount: 1_000,
        idempotencyKey: null,
        maxBalance: 1e8,
        now: START,
      })
    )._unsafeUnwrap()
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        booking.pay(
          payCommand({
            paymentId: `one-key-pay-${i}`,
            entryId: `one-key-entry-${i}`,
            userId: 'one-key-user',
            holdId: 'one-key-hold',
            idempotencyKey: 'checkout-1',
            concertId: sale.concertId,
          }),
        ),
      ),
    )
    expect(tally(outcomes)).toEqual({ ok: 200 })
    const paymentIds = new Set(outcomes.map((outcome) => outcome._unsafeUnwrap().payment.paymentId))
    expect(paymentIds.size).toBe(1)
    expect(outcomes.filter((outcome) => !outcome._unsafeUnwrap().replayed)).toHaveLength(1)
    expect((await booking.balance({ userId: 'one-key-user' }))._unsafeUnwrap()).toBe(900)
    const history = (await booking.history({ userId: 'one-key-user', limit: 1_000 }))._unsafeUnwrap()
    expect(history.filter((entry) => entry.kind === 'PAYMENT')).toHaveLength(1)
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })

  it('200 concurrent pays with distinct keys against a balance for 37 of them: exactly 37 succeed, the balance ends at 0', async () => {
    const { booking } = stores()
    const sale = await openSale(booking, 'distinct-keys', 200, 100)
    const holds = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        booking.holdSeat(
          holdCommand({ ...sale, holdId: `dk-hold-${i}`, userId: 'dk-user', seatNo: i + 1, maxSeatsPerUser: 200 }),
        ),
      ),
    )
    expect(tally(holds)).toEqual({ ok: 200 })
    ;(
      await booking.charge({
        entryId: 'dk-charge',
        userId: 'dk-user',
        amount: 3_700,
        idempotencyKey: null,
        maxBalance: 1e8,
        now: START,
      })
    )._unsafeUnwrap()
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        booking.pay(
          payCommand({
            paymentId: `dk-pay-${i}`,
            entryId: `dk-entry-${i}`,
            userId: 'dk-user',
            holdId: `dk-hold-${i}`,
            idempotencyKey: `dk-key-${i}`,
            concertId: sale.concertId,
          }),
        ),
      ),
    )
    expect(tally(outcomes)).toEqual({ ok: 37, InsufficientBalance: 163 })
    expect((await booking.balance({ userId: 'dk-user' }))._unsafeUnwrap()).toBe(0)
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })

  it('500 concurrent charges, keyed and unkeyed, add exactly their sum', async () => {
    const { booking } = stores()
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        booking.charge({
          entryId: `sum-entry-${i}`,
          userId: 'sum-user',
          amount: 7,
          idempotencyKey: i % 2 === 0 ? `sum-key-${i}` : null,
          maxBalance: 1e8,
          now: START,
        }),
      ),
    )
    expect(tally(outcomes)).toEqual({ ok: 500 })
    expect((await booking.balance({ userId: 'sum-user' }))._unsafeUnwrap()).toBe(3_500)
    const balances = outcomes.map((outcome) => outcome._unsafeUnwrap().balance).sort((a, b) => a - b)
    expect(balances).toEqual(Array.from({ length: 500 }, (_, i) => 7 * (i + 1)))
    expect(await brokenInvariants(pool, db.schema)).toEqual({})
  })
})

describe('racing in the waiting room', () => {
  const policy = resolvePolicy({ queue: { maxActive: 50, admitPerTick: 20 } }).queue

  it('20 ticks of one concert at once never pass maxActive and admit in arrival order', async () => {
    const { queue } = stores()
    for (let i = 0; i < 300; i++) {
      ;(
        await queue.enter({ token: `tick-race~t${i}`, userId: `u${i}`, concertId: 'tick-race', now: START, policy })
      )._unsafeUnwrap()
    }
    const reports = await Promise.all(
      Array.from({ length: 20 }, () => queue.admit({ concertId: 'tick-race', now: START, policy })),
    )
    const admitted = reports.map((report) => report._unsafeUnwrap())
    expect(admitted.reduce((sum, report) => sum + report.admitted, 0)).toBe(50)
    expect(Math.max(...admitted.map((report) => report.active))).toBe(50)
    const { rows } = await pool.query<{ seq: string }>(
      `SELECT seq FROM "${db.schema}".queue_tokens WHERE concert_id = 'tick-race' AND status = 'ACTIVE' ORDER BY seq`,
    )
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })

  it('50 concurrent enters of one user give one token', async () => {
    const { queue } = stores()
    const positions = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        queue.enter({ token: `same-user~t${i}`, userId: 'u1', concertId: 'same-user', now: START, policy }),
      ),
    )
    const tokens = new Set(positions.map((position) => position._unsafeUnwrap().token.token))
    expect(tokens.size).toBe(1)
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${db.schema}".queue_tokens WHERE concert_id = 'same-user'`,
    )
    expect(rows[0]).toEqual({ n: 1 })
  })

  it('500 concurrent arrivals get distinct places: ranks 1..500 in seq order', async () => {
    const { queue } = stores()
    const entered = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        queue.enter({ token: `crowd~t${i}`, userId: `u${i}`, concertId: 'crowd', now: START, policy }),
      ),
    )
    const tokens = entered.map((position) => position._unsafeUnwrap().token)
    expect(new Set(tokens.map((token) => token.seq)).size).toBe(500)
    const polled = await Promise.all(tokens.map((token) => queue.status({ token: token.token, now: START, policy })))
    const places = polled
      .map((position) => position._unsafeUnwrap())
      .sort((a, b) => a.token.seq - b.token.seq)
      .map((position) => position.rank)
    expect(places).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
    // A rank answered at entry can only be at or above the place the token holds now.
    for (const position of entered.map((entry) => entry._unsafeUnwrap())) {
      const now = polled.find((poll) => poll._unsafeUnwrap().token.token === position.token.token)
      expect(now?._unsafeUnwrap().rank).toBeLessThanOrEqual(position.rank ?? 0)
    }
  })
})
