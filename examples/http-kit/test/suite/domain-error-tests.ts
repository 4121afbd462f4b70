import { expect, it } from 'vitest'
import { errorOf, type ApiResponse } from './http-client.ts'
import {
  admittedBuyer,
  balanceOf,
  charge,
  createConcert,
  enterQueue,
  expectStatus,
  holdSeat,
  newUser,
  payHeaders,
} from './scenario.ts'
import type { Harness } from './server-harness.ts'

const failure = (response: ApiResponse, status: number, type: string): Record<string, unknown> => {
  expectStatus(response, status)
  const error = errorOf(response)
  expect(error.type).toBe(type)
  return error
}

const MINUTE = 60_000

/** Every library error a route can meet, with the status section 7 of the spec gives it. */
export function domainErrorTests(harness: () => Harness): void {
  it('answers 403 for a waiting token, an expired token and a token of another concert', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h)
    const other = await createConcert(h)
    const userId = newUser()
    const waiting = await enterQueue(h, userId, concertId)
    const headers = { 'x-user-id': userId, 'queue-token': waiting.token }
    failure(await h.call('GET', `/concerts/${concertId}/dates`, { headers }), 403, 'TokenNotActive')
    failure(await h.call('GET', `/schedules/${scheduleIds[0]}/seats`, { headers }), 403, 'TokenNotActive')
    failure(
      await h.call('POST', '/holds', { headers, json: { scheduleId: scheduleIds[0], seatNo: 1 } }),
      403,
      'TokenNotActive',
    )

    const buyer = await admittedBuyer(h, concertId)
    const mismatch = failure(
      await h.call('GET', `/concerts/${other.concertId}/dates`, { headers: buyer.headers }),
      403,
      'TokenConcertMismatch',
    )
    expect(mismatch['concertId']).toBe(concertId)
    failure(
      await h.call('GET', `/schedules/${other.scheduleIds[0]}/seats`, { headers: buyer.headers }),
      403,
      'TokenConcertMismatch',
    )
    failure(
      await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId: other.scheduleIds[0], seatNo: 1 } }),
      403,
      'TokenConcertMismatch',
    )

    h.clock.advance(10 * MINUTE + 1)
    failure(await h.call('GET', `/concerts/${concertId}/dates`, { headers: buyer.headers }), 403, 'TokenExpired')
    failure(await h.call('GET', '/queue/tokens/current', { headers: buyer.headers }), 403, 'TokenExpired')
  })

  it('answers 404 for what does not exist', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 3 })
    const userId = newUser()
    failure(
      await h.call('POST', '/queue/tokens', {
        headers: { 'x-user-id': userId },
        json: { concertId: 'no-such-concert' },
      }),
      404,
      'ConcertNotFound',
    )
    const unknownToken = { 'x-user-id': userId, 'queue-token': `${concertId}~never-issued` }
    failure(await h.call('GET', '/queue/tokens/current', { headers: unknownToken }), 404, 'TokenNotFound')
    failure(await h.call('DELETE', '/queue/tokens/current', { headers: unknownToken }), 404, 'TokenNotFound')
    failure(await h.call('GET', `/concerts/${concertId}/dates`, { headers: unknownToken }), 404, 'TokenNotFound')

    const buyer = await admittedBuyer(h, concertId)
    failure(
      await h.call('GET', '/schedules/no-such-schedule/seats', { headers: buyer.headers }),
      404,
      'ScheduleNotFound',
    )
    failure(
      await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId: scheduleIds[0], seatNo: 4 } }),
      404,
      'SeatNotFound',
    )
    failure(
      await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId: 'no-such-schedule', seatNo: 1 } }),
      404,
      'SeatNotFound',
    )
    failure(
      await h.call('DELETE', '/holds/no-such-hold', { headers: { 'x-user-id': buyer.userId } }),
      404,
      'HoldNotFound',
    )
    failure(
      await h.call('POST', '/payments', { headers: payHeaders(buyer, 'k-404'), json: { holdId: 'no-such-hold' } }),
      404,
      'HoldNotFound',
    )

    // A token admitted to a concert that was never put on sale (entered through the library, not HTTP).
    const ghost = await h.box.queue.enter({ userId, concertId: 'ghost-concert' })
    expect(ghost.isOk()).toBe(true)
    await h.scheduler.tick()
    const ghostHeaders = { 'x-user-id': userId, 'queue-token': ghost.isOk() ? ghost.value.token : '' }
    failure(await h.call('GET', '/concerts/ghost-concert/dates', { headers: ghostHeaders }), 404, 'ConcertNotFound')
  })

  it('answers 409 for a seat taken, a hold limit reached, a hold no longer active, and a hold already paid', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 8, price: 100 })
    const scheduleId = scheduleIds[0] ?? ''
    const first = await admittedBuyer(h, concertId)
    const second = await admittedBuyer(h, concertId)
    const held = await holdSeat(h, first, scheduleId, 1)
    const taken = failure(
      await h.call('POST', '/holds', { headers: second.headers, json: { scheduleId, seatNo: 1 } }),
      409,
      'SeatUnavailable',
    )
    expect(taken['seatNo']).toBe(1)

    for (const seatNo of [2, 3, 4]) await holdSeat(h, first, scheduleId, seatNo)
    const limit = failure(
      await h.call('POST', '/holds', { headers: first.headers, json: { scheduleId, seatNo: 5 } }),
      409,
      'HoldLimitReached',
    )
    expect(limit['limit']).toBe(4)

    const release = () => h.call('DELETE', `/holds/${held.holdId}`, { headers: { 'x-user-id': first.userId } })
    expectStatus(await release(), 204)
    failure(await release(), 409, 'HoldNotActive')

    const buyer = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, buyer, scheduleId, 6)
    await charge(h, buyer.userId, 1_000)
    expectStatus(
      await h.call('POST', '/payments', { headers: payHeaders(buyer, 'first'), json: { holdId: hold.holdId } }),
      201,
    )
    const again = await admittedBuyer(h, concertId, buyer.userId)
    failure(
      await h.call('POST', '/payments', { headers: payHeaders(again, 'second'), json: { holdId: hold.holdId } }),
      409,
      'AlreadyPaid',
    )
    failure(
      await h.call('DELETE', `/holds/${hold.holdId}`, { headers: { 'x-user-id': buyer.userId } }),
      409,
      'HoldNotActive',
    )
    expect(await balanceOf(h, buyer.userId)).toBe(900)
  })

  it('answers 402 with the price and balance when the wallet is short, and 422 above the charge limit', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 80_000 })
    const buyer = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, buyer, scheduleIds[0] ?? '', 1)
    await charge(h, buyer.userId, 50_000)
    const short = failure(
      await h.call('POST', '/payments', { headers: payHeaders(buyer, 'short'), json: { holdId: hold.holdId } }),
      402,
      'InsufficientBalance',
    )
    expect(short).toMatchObject({ balance: 50_000, price: 80_000 })

    const limit = failure(
      await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': buyer.userId }, json: { amount: 1_000_001 } }),
      422,
      'ChargeLimitExceeded',
    )
    expect(limit['limit']).toBe(1_000_000)
    // The failed payment kept nothing: the same key pays once the balance covers the price.
    await charge(h, buyer.userId, 30_000)
    expectStatus(
      await h.call('POST', '/payments', { headers: payHeaders(buyer, 'short'), json: { holdId: hold.holdId } }),
      201,
    )
    expect(await balanceOf(h, buyer.userId)).toBe(0)
  })

  it('answers 503 with Retry-After while a store is down, without showing the cause, and recovers', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const userId = newUser()
    h.bookingOutage.down()
    try {
      const wallet = failure(
        await h.call('GET', '/wallet', { headers: { 'x-user-id': userId } }),
        503,
        'StoreUnavailable',
      )
      expect(wallet['message']).not.toMatch(/refused/)
      expect(wallet).not.toHaveProperty('cause')
      const health = await h.call('GET', '/health')
      failure(health, 503, 'StoreUnavailable')
      expect(health.headers.get('retry-after')).toBe('1')
    } finally {
      h.bookingOutage.up()
    }
    h.queueOutage.down()
    try {
      failure(
        await h.call('POST', '/queue/tokens', { headers: { 'x-user-id': userId }, json: { concertId } }),
        503,
        'StoreUnavailable',
      )
      failure(await h.call('GET', '/health'), 503, 'StoreUnavailable')
    } finally {
      h.queueOutage.up()
    }
    expectStatus(await h.call('GET', '/health'), 200)
    expect((await enterQueue(h, userId, concertId)).status).toBe('WAITING')
  })
}
