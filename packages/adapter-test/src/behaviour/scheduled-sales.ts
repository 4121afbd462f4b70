import type { BoxOffice } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { enterLine, tokenStatus as statusOf } from '../sale-setup.js'

const MINUTE = 60_000
const at = (ms: number): Date => new Date(START.getTime() + ms)

/** A concert whose sale opens `openIn` ms after START (and closes `closeIn` ms after, when given). */
async function scheduledConcert(box: BoxOffice, openIn: number, closeIn?: number): Promise<string> {
  const concert = await box.catalog
    .createConcert({
      title: 'Opening Night',
      salesOpenAt: at(openIn),
      ...(closeIn === undefined ? {} : { salesCloseAt: at(closeIn) }),
    })
    .match(keep, unexpected)
  return concert.concertId
}

const ticketOf = (box: BoxOffice, token: string | undefined) =>
  box.queue.status({ token: token ?? '' }).match(keep, unexpected)

/** Scheduled sales (SPEC 8.3): the pre-queue, the opening, the closing, and the operator's live controls. */
export function describeScheduledSales(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('scheduled sales: pre-queue, opening, closing and live controls', () => {
    scenario(
      'before salesOpenAt, enter gives a PRE_QUEUED token with no rank, no ETA and the opening time',
      async ({ box }) => {
        const concertId = await scheduledConcert(box, 10 * MINUTE)
        const ticket = await box.queue.enter({ userId: 'u1', concertId }).match(keep, unexpected)
        expect(ticket).toMatchObject({
          status: 'PRE_QUEUED',
          rank: null,
          etaSeconds: null,
          salesOpenAt: at(10 * MINUTE),
        })
        const again = await box.queue.enter({ userId: 'u1', concertId }).match(keep, unexpected)
        expect(again.token).toBe(ticket.token)
        const gate = await box.queue.authorize({ userId: 'u1', token: ticket.token }).match(unexpected, keep)
        expect(gate).toMatchObject({ type: 'TokenNotActive', status: 'PRE_QUEUED' })
        expect(await box.queue.concerts().match(keep, unexpected)).toContain(concertId)
      },
    )

    scenario(
      'at the first admit after the opening, every pre-queued token is admitted before anyone who entered after it',
      async ({ box, clock }) => {
        const concertId = await scheduledConcert(box, MINUTE)
        const early = await enterLine(box, concertId, ['e1', 'e2', 'e3', 'e4'])
        clock.set(at(MINUTE))
        const late = await enterLine(box, concertId, ['l1', 'l2'])
        // before the shuffle ran, the late ones already rank behind every pre-queued token
        expect((await ticketOf(box, late[0])).rank).toBe(5)
        expect((await ticketOf(box, early[0])).status).toBe('PRE_QUEUED')
        const report = await box.queue.admit({ concertId }).match(keep, unexpected)
        expect(report).toMatchObject({ admitted: 4, active: 4, waiting: 2 })
        for (const token of early) expect(await statusOf(box, token)).toBe('ACTIVE')
        expect([(await ticketOf(box, late[0])).rank, (await ticketOf(box, late[1])).rank]).toEqual([1, 2])
      },
      { policy: { queue: { maxActive: 4, admitPerTick: 100 } } },
    )

    scenario(
      'once the shuffle ran, pre-queued tokens are WAITING with exact ranks 1..n, then FIFO',
      async ({ box, clock }) => {
        const concertId = await scheduledConcert(box, MINUTE)
        const early = await enterLine(box, concertId, ['e1', 'e2', 'e3', 'e4', 'e5'])
        clock.set(at(MINUTE + 1))
        const [late] = await enterLine(box, concertId, ['l1'])
        await box.queue.pause({ concertId }).match(keep, unexpected)
        await box.queue.admit({ concertId }).match(keep, unexpected)
        const ranks = []
        for (const token of early) {
          const ticket = await ticketOf(box, token)
          expect(ticket.status).toBe('WAITING')
          ranks.push(ticket.rank)
        }
        expect([...ranks].sort()).toEqual([1, 2, 3, 4, 5])
        expect((await ticketOf(box, late)).rank).toBe(6)
        await box.queue.resume({ concertId }).match(keep, unexpected)
        await box.queue.admit({ concertId }).match(keep, unexpected)
        const first = early[ranks.indexOf(1)]
        expect(await statusOf(box, first)).toBe('ACTIVE')
        expect((await ticketOf(box, early[ranks.indexOf(2)])).rank).toBe(1)
      },
      { policy: { queue: { admitPerTick: 1 } } },
    )

    scenario(
      'a pre-queued token is never dropped before the opening; its idle time counts from salesOpenAt',
      async ({ box, clock }) => {
        const idle = 2 * MINUTE
        const concertId = await scheduledConcert(box, 10 * MINUTE)
        await enterLine(box, concertId, ['e1', 'e2', 'e3'])
        clock.set(at(9 * MINUTE))
        expect((await box.queue.admit({ concertId }).match(keep, unexpected)).dropped).toBe(0)
        clock.set(at(10 * MINUTE))
        expect(await box.queue.admit({ concertId }).match(keep, unexpected)).toMatchObject({ admitted: 1, dropped: 0 })
        clock.set(at(10 * MINUTE + idle - 1))
        expect((await box.queue.admit({ concertId }).match(keep, unexpected)).dropped).toBe(0)
        // plus the heartbeat step the store declares (0 unless it records polls coarsely)
        clock.set(at(10 * MINUTE + idle + suite.options.heartbeatStepMs))
        expect(await box.queue.admit({ concertId }).match(keep, unexpected)).toMatchObject({ dropped: 2, waiting: 0 })
      },
      { policy: { queue: { maxActive: 1, waitingIdleTtlMs: 2 * MINUTE } } },
    )

    scenario('after salesCloseAt, enter is SaleClosed and admit admits nobody', async ({ box, clock }) => {
      const concertId = await scheduledConcert(box, MINUTE, 3 * MINUTE)
      clock.set(at(2 * MINUTE))
      const [waiting] = await enterLine(box, concertId, ['u1'])
      clock.set(at(3 * MINUTE))
      const closed = await box.queue.enter({ userId: 'u2', concertId }).match(unexpected, keep)
      expect(closed).toMatchObject({ type: 'SaleClosed', concertId, salesCloseAt: at(3 * MINUTE) })
      expect(await box.queue.admit({ concertId }).match(keep, unexpected)).toMatchObject({ admitted: 0, waiting: 1 })
      expect(await statusOf(box, waiting)).toBe('WAITING')
    })

    scenario(
      'a paused line admits nobody and shows ranks without an ETA; resumed, it admits again',
      async ({ box }) => {
        const [first, second] = await enterLine(box, 'c1', ['u1', 'u2'])
        const paused = await box.queue.pause({ concertId: 'c1' }).match(keep, unexpected)
        expect(paused.paused).toBe(true)
        expect(await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)).toMatchObject({ admitted: 0 })
        expect(await ticketOf(box, second)).toMatchObject({ status: 'WAITING', rank: 2, etaSeconds: null })
        await box.queue.resume({ concertId: 'c1' }).match(keep, unexpected)
        expect(await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)).toMatchObject({ admitted: 2 })
        expect(await statusOf(box, first)).toBe('ACTIVE')
      },
    )

    scenario(
      'live limits override the policy for one concert, and null gives the policy back',
      async ({ box }) => {
        await enterLine(box, 'c1', ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'])
        await enterLine(box, 'c2', ['u1', 'u2', 'u3'])
        const limited = await box.queue.setLimits({ concertId: 'c1', maxActive: 2 }).match(keep, unexpected)
        expect(limited).toMatchObject({ maxActive: 2, admitPerTick: null })
        expect(await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)).toMatchObject({ admitted: 2 })
        expect(await box.queue.admit({ concertId: 'c2' }).match(keep, unexpected)).toMatchObject({ admitted: 3 })
        await box.queue.setLimits({ concertId: 'c1', maxActive: null, admitPerTick: 1 }).match(keep, unexpected)
        expect(await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)).toMatchObject({
          admitted: 1,
          active: 3,
        })
        const bad = await box.queue.setLimits({ concertId: 'c1', maxActive: 0 }).match(unexpected, keep)
        expect(bad.type).toBe('ValidationFailed')
        expect((await box.queue.line({ concertId: 'c1' }).match(keep, unexpected)).maxActive).toBeNull()
      },
      { policy: { queue: { maxActive: 10, admitPerTick: 10 } } },
    )

    scenario('controls are read by every facade over the same store at its next call', async ({ box, facadeOver }) => {
      const other = facadeOver((stores) => stores)
      await enterLine(box, 'c1', ['u1'])
      await box.queue.pause({ concertId: 'c1' }).match(keep, unexpected)
      expect(await other.queue.admit({ concertId: 'c1' }).match(keep, unexpected)).toMatchObject({ admitted: 0 })
      expect((await other.queue.line({ concertId: 'c1' }).match(keep, unexpected)).paused).toBe(true)
    })

    scenario(
      'the opening time can move until the line opens; afterwards only the closing time',
      async ({ box, clock }) => {
        const concertId = await scheduledConcert(box, 10 * MINUTE)
        const moved = await box.catalog
          .scheduleSale({ concertId, salesOpenAt: at(20 * MINUTE) })
          .match(keep, unexpected)
        expect(moved).toMatchObject({ salesOpenAt: at(20 * MINUTE), salesCloseAt: null, opened: false })
        clock.set(at(20 * MINUTE))
        const late = await box.catalog.scheduleSale({ concertId, salesOpenAt: at(30 * MINUTE) }).match(unexpected, keep)
        expect(late).toMatchObject({ type: 'SaleAlreadyOpen', salesOpenAt: at(20 * MINUTE) })
        const closing = await box.catalog
          .scheduleSale({ concertId, salesOpenAt: at(20 * MINUTE), salesCloseAt: at(60 * MINUTE) })
          .match(keep, unexpected)
        expect(closing.salesCloseAt).toEqual(at(60 * MINUTE))
        const unknown = await box.catalog
          .scheduleSale({ concertId: 'nope', salesOpenAt: at(0) })
          .match(unexpected, keep)
        expect(unknown.type).toBe('ConcertNotFound')
        const backwards = await box.catalog
          .scheduleSale({ concertId, salesOpenAt: at(20 * MINUTE), salesCloseAt: at(MINUTE) })
          .match(unexpected, keep)
        expect(backwards).toMatchObject({ type: 'ValidationFailed', field: 'salesCloseAt' })
      },
    )

    scenario('a line already on sale, with people in it, cannot be given an opening time', async ({ box }) => {
      const concert = await box.catalog.createConcert({ title: 'Walk-in' }).match(keep, unexpected)
      await enterLine(box, concert.concertId, ['u1'])
      const refused = await box.catalog
        .scheduleSale({ concertId: concert.concertId, salesOpenAt: at(MINUTE) })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'SaleAlreadyOpen', salesOpenAt: null })
    })
  })
}
