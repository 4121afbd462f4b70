import { expect, it } from 'vitest'
import { errorOf, type ApiResponse } from './http-client.ts'
import {
  admittedBuyer,
  balanceOf,
  charge,
  createConcert,
  enterQueue,
  holdSeat,
  newUser,
  payHeaders,
} from './scenario.ts'
import type { Harness } from './server-harness.ts'

const refused = (response: ApiResponse, type: string): void => {
  expect(response.status, JSON.stringify(response.body)).toBe(403)
  expect(errorOf(response).type).toBe(type)
}

/** A token or a hold answers only to its owner. */
export function ownershipTests(harness: () => Harness): void {
  it("refuses another user's queue token on every route that takes one", async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 10 })
    const owner = await admittedBuyer(h, concertId)
    const thief = newUser()
    const stolen = { 'x-user-id': thief, 'queue-token': owner.token }
    await charge(h, thief, 1_000)

    refused(await h.call('GET', '/queue/tokens/current', { headers: stolen }), 'TokenUserMismatch')
    refused(await h.call('GET', `/concerts/${concertId}/dates`, { headers: stolen }), 'TokenUserMismatch')
    refused(await h.call('GET', `/schedules/${scheduleIds[0]}/seats`, { headers: stolen }), 'TokenUserMismatch')
    refused(
      await h.call('POST', '/holds', { headers: stolen, json: { scheduleId: scheduleIds[0], seatNo: 1 } }),
      'TokenUserMismatch',
    )
    refused(await h.call('DELETE', '/queue/tokens/current', { headers: stolen }), 'TokenUserMismatch')

    const hold = await holdSeat(h, owner, scheduleIds[0] ?? '', 2)
    refused(
      await h.call('POST', '/payments', {
        headers: { ...stolen, 'idempotency-key': 'steal' },
        json: { holdId: hold.holdId },
      }),
      'TokenUserMismatch',
    )
    expect(await balanceOf(h, thief)).toBe(1_000)
    // The owner's token still works.
    expect((await h.call('GET', '/queue/tokens/current', { headers: owner.headers })).status).toBe(200)
  })

  it("refuses to release or pay for another user's hold", async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 10 })
    const owner = await admittedBuyer(h, concertId)
    const other = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, owner, scheduleIds[0] ?? '', 1)
    await charge(h, other.userId, 1_000)

    refused(await h.call('DELETE', `/holds/${hold.holdId}`, { headers: { 'x-user-id': other.userId } }), 'NotHoldOwner')
    refused(
      await h.call('POST', '/payments', { headers: payHeaders(other, 'not-mine'), json: { holdId: hold.holdId } }),
      'NotHoldOwner',
    )
    expect(await balanceOf(h, other.userId)).toBe(1_000)
    const seats = (await h.call('GET', `/schedules/${scheduleIds[0]}/seats`, { headers: owner.headers })).body
    expect(seats).toEqual(expect.arrayContaining([expect.objectContaining({ seatNo: 1, status: 'HELD' })]))
  })

  it('lets a user leave with their own waiting token but not with a stranger', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const ticket = await enterQueue(h, newUser(), concertId)
    refused(
      await h.call('DELETE', '/queue/tokens/current', {
        headers: { 'x-user-id': newUser(), 'queue-token': ticket.token },
      }),
      'TokenUserMismatch',
    )
    const own = { 'x-user-id': ticket.userId, 'queue-token': ticket.token }
    expect((await h.call('DELETE', '/queue/tokens/current', { headers: own })).status).toBe(204)
  })
}
