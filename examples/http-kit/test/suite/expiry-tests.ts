import { expect, it } from 'vitest'
import { seatSchema } from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import { admittedBuyer, balanceOf, charge, createConcert, expectStatus, holdSeat, payHeaders } from './scenario.ts'
import type { Harness } from './server-harness.ts'

const HOLD_TTL_MS = 5 * 60_000

/** Time passing, with the clock injected through the app's deps. */
export function expiryTests(harness: () => Harness): void {
  it('frees a seat whose hold expires while its buyer waits, and refuses to pay for it', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 20_000 })
    const scheduleId = scheduleIds[0] ?? ''
    const slow = await admittedBuyer(h, concertId)
    const hold = await holdSeat(h, slow, scheduleId, 4)
    await charge(h, slow.userId, 20_000)

    h.clock.advance(HOLD_TTL_MS + 1_000)
    const seats = seatSchema
      .array()
      .parse(expectStatus(await h.call('GET', `/schedules/${scheduleId}/seats`, { headers: slow.headers }), 200).body)
    expect(seats.find((seat) => seat.seatNo === 4)?.status).toBe('AVAILABLE')

    const late = await h.call('POST', '/payments', {
      headers: payHeaders(slow, 'too-late'),
      json: { holdId: hold.holdId },
    })
    expect(late.status).toBe(409)
    expect(errorOf(late)).toMatchObject({ type: 'HoldExpired', holdId: hold.holdId })
    expect(await balanceOf(h, slow.userId)).toBe(20_000)

    const quick = await admittedBuyer(h, concertId)
    const retaken = await holdSeat(h, quick, scheduleId, 4)
    expect(retaken.status).toBe('HELD')

    // The sweeper marks it EXPIRED too; releasing it is then refused.
    await h.scheduler.tick()
    const release = await h.call('DELETE', `/holds/${hold.holdId}`, { headers: { 'x-user-id': slow.userId } })
    expect(release.status).toBe(409)
    expect(errorOf(release)).toMatchObject({ type: 'HoldNotActive', status: 'EXPIRED' })
  })
}
