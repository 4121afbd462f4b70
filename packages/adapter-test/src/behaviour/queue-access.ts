import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUser, enterLine } from '../sale-setup.js'

/** `leave`, `authorize` (the guard of gated calls) and the concerts a scheduler visits. */
export function describeQueueAccess(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('queue: leaving', () => {
    scenario('leaving removes a waiting token and moves those behind it up', async ({ box }) => {
      const [first, second] = await enterLine(box, 'c1', ['u1', 'u2'])
      await box.queue.leave({ token: first ?? '' }).match(keep, unexpected)
      expect((await box.queue.status({ token: first ?? '' }).match(unexpected, keep)).type).toBe('TokenNotFound')
      expect((await box.queue.status({ token: second ?? '' }).match(keep, unexpected)).rank).toBe(1)
    })

    scenario(
      'leaving works for an ACTIVE token and frees its slot; leaving again is TokenNotFound',
      async ({ box }) => {
        const [active, waiting] = await enterLine(box, 'c1', ['u1', 'u2'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        await box.queue.leave({ token: active ?? '' }).match(keep, unexpected)
        const again = await box.queue.leave({ token: active ?? '' }).match(unexpected, keep)
        expect(again).toMatchObject({ type: 'TokenNotFound', token: active })
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ admitted: 1, active: 1 })
        expect((await box.queue.status({ token: waiting ?? '' }).match(keep, unexpected)).status).toBe('ACTIVE')
      },
      { policy: { queue: { maxActive: 1 } } },
    )

    scenario('leaving with a token nobody issued is TokenNotFound', async ({ box }) => {
      const error = await box.queue.leave({ token: 'c1~never-issued' }).match(unexpected, keep)
      expect(error.type).toBe('TokenNotFound')
    })
  })

  describe('queue: authorize', () => {
    scenario('an ACTIVE token of its own user is authorized', async ({ box, clock }) => {
      clock.advance(1_000)
      const token = await admitUser(box, 'c1', 'u1')
      const admitted = await box.queue.authorize({ userId: 'u1', token }).match(keep, unexpected)
      expect(admitted).toMatchObject({
        token,
        userId: 'u1',
        concertId: 'c1',
        status: 'ACTIVE',
        enteredAt: new Date(START.getTime() + 1_000),
        activatedAt: new Date(START.getTime() + 1_000),
        expiresAt: new Date(START.getTime() + 1_000 + 10 * 60_000),
      })
    })

    scenario('a waiting token is TokenNotActive', async ({ box }) => {
      const [token] = await enterLine(box, 'c1', ['u1'])
      const error = await box.queue.authorize({ userId: 'u1', token: token ?? '' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'TokenNotActive', token, status: 'WAITING' })
    })

    scenario('an unknown or removed token is TokenNotFound', async ({ box }) => {
      const token = await admitUser(box, 'c1', 'u1')
      await box.queue.leave({ token }).match(keep, unexpected)
      const removed = await box.queue.authorize({ userId: 'u1', token }).match(unexpected, keep)
      const unknown = await box.queue.authorize({ userId: 'u1', token: 'c1~never-issued' }).match(unexpected, keep)
      expect([removed.type, unknown.type]).toEqual(['TokenNotFound', 'TokenNotFound'])
    })

    scenario('an ACTIVE token past its expiry, or an idle waiting token, is TokenExpired', async ({ box, clock }) => {
      const active = await admitUser(box, 'c1', 'u1')
      const [waiting] = await enterLine(box, 'c2', ['u2'])
      clock.advance(10 * 60_000)
      const expired = await box.queue.authorize({ userId: 'u1', token: active }).match(unexpected, keep)
      const idle = await box.queue.authorize({ userId: 'u2', token: waiting ?? '' }).match(unexpected, keep)
      expect([expired.type, idle.type]).toEqual(['TokenExpired', 'TokenExpired'])
    })

    scenario("another user's token is TokenUserMismatch, whatever its state", async ({ box, clock }) => {
      const active = await admitUser(box, 'c1', 'u1')
      const [waiting] = await enterLine(box, 'c2', ['u1'])
      const live = await box.queue.authorize({ userId: 'u2', token: active }).match(unexpected, keep)
      const notActive = await box.queue.authorize({ userId: 'u2', token: waiting ?? '' }).match(unexpected, keep)
      clock.advance(10 * 60_000)
      const expired = await box.queue.authorize({ userId: 'u2', token: active }).match(unexpected, keep)
      expect([live.type, notActive.type, expired.type]).toEqual(Array(3).fill('TokenUserMismatch'))
    })
  })

  describe('queue: concerts with people in line', () => {
    scenario('the concerts listed are those with a waiting or an ACTIVE token', async ({ box }) => {
      await enterLine(box, 'c1', ['u1'])
      await admitUser(box, 'c2', 'u2')
      const [left] = await enterLine(box, 'c3', ['u3'])
      await box.queue.leave({ token: left ?? '' }).match(keep, unexpected)
      const concerts = await box.queue.concerts().match(keep, unexpected)
      expect([...concerts].sort()).toEqual(['c1', 'c2'])
    })

    scenario('the store lists at most `limit` concerts', async ({ box, stores }) => {
      for (const concertId of ['c1', 'c2', 'c3']) await enterLine(box, concertId, ['u1'])
      const some = await stores.queue.concerts({ limit: 2 }).match(keep, unexpected)
      expect(some).toHaveLength(2)
      for (const concertId of some) expect(['c1', 'c2', 'c3']).toContain(concertId)
    })
  })
}
