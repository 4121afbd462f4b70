import type { Policy } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withRig, type Suite } from '../rig.js'
import { QUEUE_CONCERTS, QueueWalk, queueOps, queuePolicies, type QueueEvent } from './queue-walk.js'

type QueueCheck = (walk: QueueWalk, event: QueueEvent, policy: Policy) => Promise<void>

function queueProperty(suite: Suite, makeCheck: () => QueueCheck): Promise<void> {
  return fc.assert(
    fc.asyncProperty(queuePolicies, queueOps, (policy, ops) =>
      withRig(suite.open, { policy }, async ({ box, clock }) => {
        const walk = new QueueWalk(box, clock)
        const check = makeCheck()
        for (const op of ops) await check(walk, await walk.step(op), box.policy)
      }),
    ),
    { numRuns: suite.options.numRuns },
  )
}

/** Invariants 6, 7 and 8 of docs/concepts.md, over random sequences of queue calls and clock moves. */
export function describeQueueInvariants(suite: Suite): void {
  describe('invariants over random sequences of queue calls', () => {
    it('invariant 6: tokens are admitted in the order they entered, and a waiting rank never increases', () =>
      queueProperty(suite, () => {
        const lastRank = new Map<string, number>()
        return async (walk, event) => {
          if (event.op === 'ticket' && event.ticket.rank !== null) {
            const before = lastRank.get(event.ticket.token)
            if (before !== undefined) expect(event.ticket.rank, 'a waiting rank increased').toBeLessThanOrEqual(before)
            lastRank.set(event.ticket.token, event.ticket.rank)
          }
          const probed = await walk.probe()
          for (const concertId of QUEUE_CONCERTS) {
            const line = probed.filter((t) => t.concertId === concertId)
            const lastAdmitted = Math.max(-1, ...line.filter((t) => t.state === 'ACTIVE').map((t) => t.order))
            const firstWaiting = Math.min(Infinity, ...line.filter((t) => t.state === 'WAITING').map((t) => t.order))
            expect(firstWaiting, 'a token was admitted before one that entered earlier').toBeGreaterThan(lastAdmitted)
          }
        }
      }))

    it('invariant 7: ACTIVE tokens per concert never exceed queue.maxActive after an admit', () =>
      queueProperty(suite, () => async (walk, event, policy) => {
        if (event.op !== 'admit') return
        const { report } = event
        expect(report.active).toBeLessThanOrEqual(policy.queue.maxActive)
        expect(report.admitted).toBeLessThanOrEqual(policy.queue.admitPerTick)
        const active = (await walk.probe()).filter((t) => t.concertId === report.concertId && t.state === 'ACTIVE')
        expect(active.length).toBe(report.active)
      }))

    it('invariant 8: one live token per (user, concert)', () =>
      queueProperty(suite, () => async (walk, event) => {
        const probed = await walk.probe()
        if (event.op === 'ticket' && event.previous !== undefined && event.previous !== event.ticket.token) {
          const replaced = probed.find((t) => t.token === event.previous)
          if (replaced !== undefined) expect(replaced.state, 'a replaced token is still there').toBe('gone')
        }
        const live = probed.filter((t) => t.state === 'ACTIVE' || t.state === 'WAITING')
        const owners = live.map((t) => `${t.userId}|${t.concertId}`)
        expect(owners.length, 'two live tokens for one (user, concert)').toBe(new Set(owners).size)
      }))
  })
}
