import { expect, it } from 'vitest'
import { holdSchema, paymentSchema, seatSchema } from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import { admittedBuyer, charge, createConcert, expectStatus, payHeaders } from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** Orders of several seats over HTTP: seatNos, best available, extension. */
export function orderTests(harness: () => Harness): void {
  it('holds several seats in one hold, pays for them all, and names every taken seat to the next buyer', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 6, price: 10_000 })
    const scheduleId = scheduleIds[0] ?? ''
    const buyer = await admittedBuyer(h, concertId)
    const held = await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId, seatNos: [4, 2] } })
    const hold = holdSchema.parse(expectStatus(held, 201).body)
    expect(hold).toMatchObject({ seatNo: 2, seatNos: [2, 4], price: 20_000, extended: false })

    const rival = await admittedBuyer(h, concertId)
    const refused = await h.call('POST', '/holds', { headers: rival.headers, json: { scheduleId, seatNos: [1, 2, 4] } })
    expectStatus(refused, 409)
    expect(errorOf(refused)).toMatchObject({ type: 'SeatUnavailable', seatNos: [2, 4] })

    await charge(h, buyer.userId, 50_000)
    const paid = await h.call('POST', '/payments', {
      headers: payHeaders(buyer, 'multi-1'),
      json: { holdId: hold.holdId },
    })
    expect(paymentSchema.parse(expectStatus(paid, 201).body)).toMatchObject({ seatNos: [2, 4], amount: 20_000 })
    const seats = seatSchema
      .array()
      .parse((await h.call('GET', `/schedules/${scheduleId}/seats`, { headers: rival.headers })).body)
    expect(seats.filter((seat) => seat.status === 'SOLD').map((seat) => seat.seatNo)).toEqual([2, 4])
  })

  it('picks the best available block for a count, and answers 409 NoAdjacentSeats or NotEnoughSeats when it cannot', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 5, price: 10_000 })
    const scheduleId = scheduleIds[0] ?? ''
    const buyer = await admittedBuyer(h, concertId)
    const best = await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId, count: 2 } })
    expect(holdSchema.parse(expectStatus(best, 201).body).seatNos).toEqual([1, 2])
    const other = await admittedBuyer(h, concertId)
    const cheap = await h.call('POST', '/holds', {
      headers: other.headers,
      json: { scheduleId, count: 2, maxPrice: 5_000, allowSplit: true },
    })
    expectStatus(cheap, 409)
    expect(errorOf(cheap)).toMatchObject({ type: 'NotEnoughSeats', count: 2, available: 0 })
    await h.call('POST', '/holds', { headers: other.headers, json: { scheduleId, seatNo: 4 } })
    const third = await admittedBuyer(h, concertId)
    const apart = await h.call('POST', '/holds', { headers: third.headers, json: { scheduleId, count: 2 } })
    expectStatus(apart, 409)
    expect(errorOf(apart).type).toBe('NoAdjacentSeats')
    const split = await h.call('POST', '/holds', {
      headers: third.headers,
      json: { scheduleId, count: 2, allowSplit: true },
    })
    expect(holdSchema.parse(expectStatus(split, 201).body).seatNos).toEqual([3, 5])
  })

  it('refuses a body naming both seats and a count, or a price ceiling without a count, with 400', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 3 })
    const buyer = await admittedBuyer(h, concertId)
    const scheduleId = scheduleIds[0] ?? ''
    for (const json of [
      { scheduleId, seatNo: 1, count: 2 },
      { scheduleId, seatNos: [1], maxPrice: 10 },
      { scheduleId },
      { scheduleId, seatNos: [1, 1] },
      { scheduleId, count: 0 },
      { scheduleId, count: 2, maxPrice: -1 },
    ]) {
      const refused = await h.call('POST', '/holds', { headers: buyer.headers, json })
      expectStatus(refused, 400)
      expect(errorOf(refused).type).toBe('ValidationFailed')
    }
  })

  it('extends a hold once with POST /holds/:holdId/extension, then answers 409 HoldNotExtendable', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 3 })
    const buyer = await admittedBuyer(h, concertId)
    const held = await h.call('POST', '/holds', {
      headers: buyer.headers,
      json: { scheduleId: scheduleIds[0], seatNo: 1 },
    })
    const hold = holdSchema.parse(expectStatus(held, 201).body)
    const path = `/holds/${hold.holdId}/extension`
    const user = { 'x-user-id': buyer.userId }
    const longer = holdSchema.parse(expectStatus(await h.call('POST', path, { headers: user }), 200).body)
    expect(longer.extended).toBe(true)
    expect(Date.parse(longer.expiresAt) - Date.parse(hold.expiresAt)).toBe(h.box.policy.hold.extendMs)
    const again = await h.call('POST', path, { headers: user })
    expectStatus(again, 409)
    expect(errorOf(again)).toMatchObject({ type: 'HoldNotExtendable', status: 'EXTENDED' })
    const stranger = await h.call('POST', path, { headers: { 'x-user-id': 'someone-else' } })
    expectStatus(stranger, 403)
    expectStatus(await h.call('POST', '/holds/no-such-hold/extension', { headers: user }), 404)
  })
}
