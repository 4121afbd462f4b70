import type { BoxOfficeEvent } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUser, enterLine, fund, holdSeat, openSale } from '../sale-setup.js'
import { readAll } from './booking-events.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)
const brief = (events: readonly BoxOfficeEvent[]): string[] =>
  events.map((event) => `${event.type} ${event.userId ?? ''}`)

/** The queue streams (opt-in): one event per token change, in the concert's stream. */
export function describeQueueEvents(suite: Suite): void {
  const scenario = scenarioFor(suite)

  if (!suite.options.queueEvents) {
    describe('events: queue streams off', () => {
      scenario('reading a queue stream of a store without queue events is a ValidationFailed', async ({ box }) => {
        await enterLine(box, 'c1', ['u1'])
        const error = await box.events.read({ stream: 'queue:c1', limit: 10 }).match(unexpected, keep)
        expect(error).toMatchObject({ type: 'ValidationFailed', field: 'stream' })
      })
    })
    return
  }

  describe('events: queue streams', () => {
    scenario(
      'entering, admission, leaving and completing each append one event to the concert stream',
      async ({ box, clock }) => {
        const [, t2] = await enterLine(box, 'c1', ['u1', 'u2', 'u3'])
        await enterLine(box, 'c2', ['u9'])
        // Entering again answers the live token: no change, no event.
        await enterLine(box, 'c1', ['u1'])
        clock.advance(1_000)
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        await box.queue.leave({ token: t2 ?? '' }).match(keep, unexpected)
        await box.queue.leave({ token: t2 ?? '' }).match(unexpected, keep)
        const events = await readAll(box, 'queue:c1')
        expect(brief(events)).toEqual([
          'TokenEntered u1',
          'TokenEntered u2',
          'TokenEntered u3',
          'TokenAdmitted u1',
          'TokenAdmitted u2',
          'TokenLeft u2',
        ])
        expect(events[0]).toEqual({
          id: expect.any(String),
          type: 'TokenEntered',
          at: START,
          concertId: 'c1',
          userId: 'u1',
          data: { status: 'WAITING' },
        })
        expect(events[3]).toEqual({
          id: expect.any(String),
          type: 'TokenAdmitted',
          at: at(1_000),
          concertId: 'c1',
          userId: 'u1',
          data: { expiresAt: at(1_000 + 60_000).toISOString() },
        })
        expect(events[5]?.at).toEqual(at(1_000))
        expect(brief(await readAll(box, 'queue:c2'))).toEqual(['TokenEntered u9'])
        const ids = events.map((event) => event.id)
        expect([...ids].sort()).toEqual(ids)
      },
      { policy: { queue: { admitPerTick: 2, activeTtlMs: 60_000 } } },
    )

    scenario('a paid token appends TokenCompleted', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      await fund(box, 'u1', 1_000)
      const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(keep, unexpected)
      expect(brief(await readAll(box, `queue:${concertId}`))).toEqual([
        'TokenEntered u1',
        'TokenAdmitted u1',
        'TokenCompleted u1',
      ])
    })

    scenario(
      'the sweep appends TokenExpired for a lapsed ACTIVE token and TokenDropped for an idle WAITING one',
      async ({ box, clock }) => {
        await enterLine(box, 'c1', ['u1', 'u2'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        clock.advance(70_000)
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ expired: 1, dropped: 1 })
        expect(brief(await readAll(box, 'queue:c1'))).toEqual([
          'TokenEntered u1',
          'TokenEntered u2',
          'TokenAdmitted u1',
          'TokenExpired u1',
          'TokenDropped u2',
        ])
      },
      { policy: { queue: { admitPerTick: 1, maxActive: 1, activeTtlMs: 60_000, waitingIdleTtlMs: 60_000 } } },
    )

    scenario('a waiting reader of a queue stream is woken by the next entry', async ({ box }) => {
      await enterLine(box, 'c1', ['u1'])
      const [first] = await readAll(box, 'queue:c1')
      const waiting = box.events.read({ stream: 'queue:c1', after: first?.id, limit: 10, waitMs: 20_000 })
      await new Promise((resolve) => setTimeout(resolve, 50))
      await enterLine(box, 'c1', ['u2'])
      const page = await waiting.match(keep, unexpected)
      expect(brief(page.events)).toEqual(['TokenEntered u2'])
    })

    scenario('trim drops the events of a queue stream before the cursor', async ({ box }) => {
      await enterLine(box, 'c1', ['u1', 'u2', 'u3'])
      const events = await readAll(box, 'queue:c1')
      expect(await box.events.trim({ stream: 'queue:c1', before: events[2]?.id ?? '' }).match(keep, unexpected)).toBe(2)
      expect(brief(await readAll(box, 'queue:c1'))).toEqual(['TokenEntered u3'])
    })
  })
}
