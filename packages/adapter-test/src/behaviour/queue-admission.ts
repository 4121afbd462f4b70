import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, type Suite } from '../rig.js'
import { enterLine, tokenStatus as statusOf } from '../sale-setup.js'

/** Admission ticks: `maxActive`, `admitPerTick`, the idle and active TTLs, the sweep limit. */
export function describeQueueAdmission(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('queue: admission ticks', () => {
    scenario(
      'a tick activates the oldest waiting tokens in arrival order, at most admitPerTick of them',
      async ({ box }) => {
        const tokens = await enterLine(box, 'c1', ['u1', 'u2', 'u3', 'u4', 'u5'])
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toEqual({ concertId: 'c1', admitted: 2, expired: 0, dropped: 0, active: 2, waiting: 3 })
        const statuses = []
        for (const token of tokens) statuses.push(await statusOf(box, token))
        expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING'])
      },
      { policy: { queue: { admitPerTick: 2 } } },
    )

    scenario(
      'ticks never let a concert have more than maxActive ACTIVE tokens',
      async ({ box }) => {
        const tokens = await enterLine(box, 'c1', ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'])
        const tick = async (): Promise<readonly number[]> => {
          const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
          return [report.admitted, report.active, report.waiting]
        }
        expect(await tick()).toEqual([2, 2, 4])
        expect(await tick()).toEqual([1, 3, 3])
        expect(await tick()).toEqual([0, 3, 3])
        await box.queue.leave({ token: tokens[0] ?? '' }).match(keep, unexpected)
        expect(await tick()).toEqual([1, 3, 2])
        expect(await statusOf(box, tokens[3])).toBe('ACTIVE')
        expect(await statusOf(box, tokens[4])).toBe('WAITING')
      },
      { policy: { queue: { maxActive: 3, admitPerTick: 2 } } },
    )

    scenario(
      'a tick deletes ACTIVE tokens past their expiry, freeing their slots',
      async ({ box, clock }) => {
        const [first, second] = await enterLine(box, 'c1', ['u1', 'u2'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        for (let poll = 0; poll < 6; poll++) {
          clock.advance(100_000) // u2 keeps polling while u1's 10 minutes run out
          await box.queue.status({ token: second ?? '' }).match(keep, unexpected)
        }
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toEqual({ concertId: 'c1', admitted: 1, expired: 1, dropped: 0, active: 1, waiting: 0 })
        expect(await statusOf(box, first)).toBe('TokenNotFound')
        expect(await statusOf(box, second)).toBe('ACTIVE')
      },
      { policy: { queue: { maxActive: 1 } } },
    )

    scenario('a tick drops idle waiting tokens instead of admitting them', async ({ box, clock }) => {
      const [idle, polled] = await enterLine(box, 'c1', ['u1', 'u2'])
      clock.advance(60_000)
      await box.queue.status({ token: polled ?? '' }).match(keep, unexpected)
      clock.advance(60_000 + suite.options.heartbeatStepMs) // idle for waitingIdleTtlMs plus the declared heartbeat step
      const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      expect(report).toEqual({ concertId: 'c1', admitted: 1, expired: 0, dropped: 1, active: 1, waiting: 0 })
      expect(await statusOf(box, idle)).toBe('TokenNotFound')
      expect(await statusOf(box, polled)).toBe('ACTIVE')
    })

    scenario(
      'an idle waiting token left over by the sweep limit is dropped, not admitted',
      async ({ box, clock }) => {
        const [first, second, polled] = await enterLine(box, 'c1', ['u1', 'u2', 'u3'])
        clock.advance(60_000)
        await box.queue.status({ token: polled ?? '' }).match(keep, unexpected)
        clock.advance(60_000 + suite.options.heartbeatStepMs) // u1 and u2 idle; the sweep may drop only one of them
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ admitted: 1, active: 1, waiting: 0 })
        expect(await statusOf(box, first)).toBe('TokenNotFound')
        expect(await statusOf(box, second)).toBe('TokenNotFound')
        expect(await statusOf(box, polled)).toBe('ACTIVE')
      },
      { policy: { queue: { sweepLimit: 1 } } },
    )

    scenario(
      'a tick sweeps at most sweepLimit expired tokens; the next tick sweeps the rest',
      async ({ box, clock }) => {
        const tokens = await enterLine(box, 'c1', ['u1', 'u2', 'u3'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        clock.advance(10 * 60_000)
        const first = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(first.expired).toBe(2)
        const statuses = []
        for (const token of tokens) statuses.push(await statusOf(box, token))
        expect(statuses.filter((s) => s === 'TokenNotFound')).toHaveLength(2)
        expect(statuses.filter((s) => s === 'TokenExpired')).toHaveLength(1)
        const second = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(second).toMatchObject({ expired: 1, active: 0, waiting: 0 })
      },
      { policy: { queue: { sweepLimit: 2 } } },
    )

    scenario('by default a tick admits up to 100 and a concert has at most 100 ACTIVE tokens', async ({ box }) => {
      await enterLine(
        box,
        'c1',
        Array.from({ length: 150 }, (_, i) => `u${i}`),
      )
      const first = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      expect(first).toMatchObject({ admitted: 100, active: 100, waiting: 50 })
      const second = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      expect(second).toMatchObject({ admitted: 0, active: 100, waiting: 50 })
    })

    scenario('a tick for a concert nobody is waiting for reports nothing to do', async ({ box }) => {
      await enterLine(box, 'c1', ['u1'])
      const report = await box.queue.admit({ concertId: 'c2' }).match(keep, unexpected)
      expect(report).toEqual({ concertId: 'c2', admitted: 0, expired: 0, dropped: 0, active: 0, waiting: 0 })
    })

    scenario('a tick admits only the tokens of its own concert', async ({ box }) => {
      const [one] = await enterLine(box, 'c1', ['u1'])
      const [two] = await enterLine(box, 'c2', ['u1'])
      const report = await box.queue.admit({ concertId: 'c2' }).match(keep, unexpected)
      expect(report).toMatchObject({ admitted: 1, active: 1, waiting: 0 })
      expect(await statusOf(box, one)).toBe('WAITING')
      expect(await statusOf(box, two)).toBe('ACTIVE')
    })
  })
}
