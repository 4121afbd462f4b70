import { expect, it } from 'vitest'
import {
  balanceSchema,
  concertSummarySchema,
  healthSchema,
  holdSchema,
  paymentSchema,
  scheduleDateSchema,
  seatSchema,
  ticketSchema,
} from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import { admittedBuyer, charge, createConcert, enterQueue, expectStatus, newUser, payHeaders } from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** The happy paths: a whole sale, the waiting room's order, the open routes. */
export function flowTests(harness: () => Harness): void {
  it('takes a buyer from the waiting room to a paid seat, completing the queue token', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { seats: 5, price: 70_000 })
    const scheduleId = scheduleIds[0] ?? ''
    const userId = newUser()

    const listed = concertSummarySchema.array().parse(expectStatus(await h.call('GET', '/concerts'), 200).body)
    expect(listed.map((concert) => concert.concertId)).toContain(concertId)

    const entered = await enterQueue(h, userId, concertId)
    expect(entered).toMatchObject({ userId, concertId, status: 'WAITING', rank: 1, expiresAt: null })
    const headers = { 'x-user-id': userId, 'queue-token': entered.token }

    const waiting = ticketSchema.parse(
      expectStatus(await h.call('GET', '/queue/tokens/current', { headers }), 200).body,
    )
    expect(waiting.status).toBe('WAITING')
    expect(errorOf(await h.call('GET', `/concerts/${concertId}/dates`, { headers })).type).toBe('TokenNotActive')

    await h.scheduler.tick()
    const active = ticketSchema.parse(expectStatus(await h.call('GET', '/queue/tokens/current', { headers }), 200).body)
    expect(active).toMatchObject({ status: 'ACTIVE', rank: null, etaSeconds: 0 })
    expect(active.expiresAt).not.toBeNull()

    const dates = scheduleDateSchema
      .array()
      .parse(expectStatus(await h.call('GET', `/concerts/${concertId}/dates`, { headers }), 200).body)
    expect(dates).toEqual([expect.objectContaining({ scheduleId, availableSeats: 5 })])

    const seats = seatSchema
      .array()
      .parse(expectStatus(await h.call('GET', `/schedules/${scheduleId}/seats`, { headers }), 200).body)
    expect(seats.map((seat) => [seat.seatNo, seat.status])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'AVAILABLE']))

    const hold = holdSchema.parse(
      expectStatus(await h.call('POST', '/holds', { headers, json: { scheduleId, seatNo: 3 } }), 201).body,
    )
    expect(hold).toMatchObject({ userId, concertId, scheduleId, seatNo: 3, price: 70_000, status: 'HELD' })
    const afterHold = seatSchema
      .array()
      .parse((await h.call('GET', `/schedules/${scheduleId}/seats`, { headers })).body)
    expect(afterHold.find((seat) => seat.seatNo === 3)?.status).toBe('HELD')

    expect(await charge(h, userId, 100_000)).toBe(100_000)

    const paid = await h.call('POST', '/payments', {
      headers: payHeaders({ userId, token: entered.token, headers }, 'pay-1'),
      json: { holdId: hold.holdId },
    })
    const payment = paymentSchema.parse(expectStatus(paid, 201).body)
    expect(payment).toMatchObject({ userId, holdId: hold.holdId, seatNo: 3, amount: 70_000, idempotencyKey: 'pay-1' })

    const wallet = balanceSchema.parse((await h.call('GET', '/wallet', { headers: { 'x-user-id': userId } })).body)
    expect(wallet.balance).toBe(30_000)
    const other = await admittedBuyer(h, concertId)
    const sold = seatSchema
      .array()
      .parse((await h.call('GET', `/schedules/${scheduleId}/seats`, { headers: other.headers })).body)
    expect(sold.find((seat) => seat.seatNo === 3)?.status).toBe('SOLD')
    const remaining = scheduleDateSchema
      .array()
      .parse((await h.call('GET', `/concerts/${concertId}/dates`, { headers: other.headers })).body)
    expect(remaining[0]?.availableSeats).toBe(4)

    const completed = await h.call('GET', '/queue/tokens/current', { headers })
    expect(completed.status).toBe(404)
    expect(errorOf(completed).type).toBe('TokenNotFound')
  })

  it('keeps one token per user and concert and ranks waiting users in arrival order', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const first = await enterQueue(h, newUser(), concertId)
    const second = await enterQueue(h, newUser(), concertId)
    expect([first.rank, second.rank]).toEqual([1, 2])
    const again = await enterQueue(h, first.userId, concertId)
    expect(again.token).toBe(first.token)
    expect(again.rank).toBe(1)

    await h.scheduler.tick()
    for (const ticket of [first, second]) {
      const headers = { 'x-user-id': ticket.userId, 'queue-token': ticket.token }
      const status = ticketSchema.parse((await h.call('GET', '/queue/tokens/current', { headers })).body)
      expect(status.status).toBe('ACTIVE')
    }
  })

  it('deletes a token that leaves the line, moving those behind it up', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const first = await enterQueue(h, newUser(), concertId)
    const second = await enterQueue(h, newUser(), concertId)
    const firstHeaders = { 'x-user-id': first.userId, 'queue-token': first.token }
    expectStatus(await h.call('DELETE', '/queue/tokens/current', { headers: firstHeaders }), 204)
    expect(errorOf(await h.call('GET', '/queue/tokens/current', { headers: firstHeaders })).type).toBe('TokenNotFound')
    const headers = { 'x-user-id': second.userId, 'queue-token': second.token }
    expect(ticketSchema.parse((await h.call('GET', '/queue/tokens/current', { headers })).body).rank).toBe(1)
  })

  it('lets an admitted buyer give a held seat back for others to take', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h)
    const scheduleId = scheduleIds[0] ?? ''
    const owner = await admittedBuyer(h, concertId)
    const hold = (await h.call('POST', '/holds', { headers: owner.headers, json: { scheduleId, seatNo: 1 } })).body
    const { holdId } = holdSchema.parse(hold)
    expectStatus(await h.call('DELETE', `/holds/${holdId}`, { headers: { 'x-user-id': owner.userId } }), 204)
    const next = await admittedBuyer(h, concertId)
    expectStatus(await h.call('POST', '/holds', { headers: next.headers, json: { scheduleId, seatNo: 1 } }), 201)
  })

  it('answers /health and serves an OpenAPI 3.1 document of every route', async () => {
    const h = harness()
    expect(healthSchema.parse(expectStatus(await h.call('GET', '/health'), 200).body)).toEqual({ status: 'ok' })
    const document = expectStatus(await h.call('GET', '/openapi.json'), 200).body as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(document.openapi).toBe('3.1.0')
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /concerts',
        'POST /queue/tokens',
        'GET /queue/tokens/current',
        'DELETE /queue/tokens/current',
        'GET /concerts/{concertId}/dates',
        'GET /schedules/{scheduleId}/seats',
        'POST /holds',
        'DELETE /holds/{holdId}',
        'GET /wallet',
        'POST /wallet/charges',
        'POST /payments',
        'POST /admin/concerts',
        'POST /admin/concerts/{concertId}/schedules',
        'GET /health',
      ]),
    )
  })
}
