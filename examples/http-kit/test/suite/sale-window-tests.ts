import { expect, it } from 'vitest'
import { concertSchema, lineSettingsSchema, ticketSchema } from '../../src/index.ts'
import { errorOf } from './http-client.ts'
import { adminHeaders, enterQueue, expectStatus, newUser } from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** Scheduled sales over HTTP: the pre-queue ticket, the admin routes for the window and the live controls. */
export function saleWindowTests(harness: () => Harness): void {
  const later = (h: Harness, ms: number): string => new Date(h.clock.now().getTime() + ms).toISOString()

  it('a concert scheduled to open later gives PRE_QUEUED tickets showing salesOpenAt, shuffled in at the opening', async () => {
    const h = harness()
    const salesOpenAt = later(h, 5_000)
    const created = await h.call('POST', '/admin/concerts', {
      headers: adminHeaders(h),
      json: { title: 'Opening Night', salesOpenAt },
    })
    const { concertId } = concertSchema.parse(expectStatus(created, 201).body)
    const early = await enterQueue(h, newUser(), concertId)
    expect(early).toMatchObject({ status: 'PRE_QUEUED', rank: null, etaSeconds: null, salesOpenAt })
    const line = lineSettingsSchema.parse(
      expectStatus(await h.call('GET', `/admin/concerts/${concertId}/line`, { headers: adminHeaders(h) }), 200).body,
    )
    expect(line).toMatchObject({ concertId, salesOpenAt, salesCloseAt: null, opened: false, paused: false })

    h.clock.advance(5_000)
    await h.scheduler.tick()
    const headers = { 'x-user-id': early.userId, 'queue-token': early.token }
    const admitted = ticketSchema.parse(
      expectStatus(await h.call('GET', '/queue/tokens/current', { headers }), 200).body,
    )
    expect(admitted.status).toBe('ACTIVE')
  })

  it('the admin routes set the window, pause, resume and limit a line; a closed sale answers 410', async () => {
    const h = harness()
    const admin = adminHeaders(h)
    const { concertId } = concertSchema.parse(
      expectStatus(await h.call('POST', '/admin/concerts', { headers: admin, json: { title: 'Matinee' } }), 201).body,
    )
    const window = { salesOpenAt: later(h, 1_000), salesCloseAt: later(h, 3_000) }
    const scheduled = await h.call('POST', `/admin/concerts/${concertId}/sale`, { headers: admin, json: window })
    expect(lineSettingsSchema.parse(expectStatus(scheduled, 200).body)).toMatchObject(window)

    const paused = await h.call('POST', `/admin/concerts/${concertId}/line/pause`, { headers: admin })
    expect(lineSettingsSchema.parse(expectStatus(paused, 200).body).paused).toBe(true)
    const limited = await h.call('POST', `/admin/concerts/${concertId}/line/limits`, {
      headers: admin,
      json: { maxActive: 3, admitPerTick: null },
    })
    expect(lineSettingsSchema.parse(expectStatus(limited, 200).body)).toMatchObject({
      maxActive: 3,
      admitPerTick: null,
    })
    const badLimit = await h.call('POST', `/admin/concerts/${concertId}/line/limits`, {
      headers: admin,
      json: { maxActive: 0 },
    })
    expect(expectStatus(badLimit, 400) && errorOf(badLimit).type).toBe('ValidationFailed')
    const resumed = await h.call('POST', `/admin/concerts/${concertId}/line/resume`, { headers: admin })
    expect(lineSettingsSchema.parse(expectStatus(resumed, 200).body).paused).toBe(false)

    h.clock.advance(1_000)
    await h.scheduler.tick()
    const moved = await h.call('POST', `/admin/concerts/${concertId}/sale`, {
      headers: admin,
      json: { salesOpenAt: later(h, 60_000) },
    })
    expect(expectStatus(moved, 409) && errorOf(moved).type).toBe('SaleAlreadyOpen')

    h.clock.advance(2_000)
    const closed = await h.call('POST', '/queue/tokens', { headers: { 'x-user-id': newUser() }, json: { concertId } })
    expect(expectStatus(closed, 410) && errorOf(closed)).toMatchObject({ type: 'SaleClosed' })

    const anonymous = await h.call('POST', `/admin/concerts/${concertId}/line/pause`)
    expect(expectStatus(anonymous, 401) && errorOf(anonymous).type).toBe('AdminUnauthorized')
    const unknown = await h.call('POST', '/admin/concerts/no-such-concert/line/pause', { headers: admin })
    expect(expectStatus(unknown, 404) && errorOf(unknown).type).toBe('ConcertNotFound')
  })
}
