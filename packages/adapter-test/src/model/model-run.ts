import type { BoxOffice, PolicyOverrides } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { modelActions } from './model-actions.js'
import { EventFollower } from './model-events.js'
import { ModelStep, type ModelWorld } from './model-step.js'
import { ReferenceModel } from './reference-model.js'

/** Tight limits so short runs cross every TTL and limit: idle, active and hold expiry, hold and charge caps. */
const MODEL_POLICY: PolicyOverrides = {
  queue: { maxActive: 2, admitPerTick: 1, activeTtlMs: 90_000, waitingIdleTtlMs: 40_000, admitIntervalMs: 1_000 },
  hold: { ttlMs: 50_000, extendMs: 20_000, maxSeatsPerHold: 2, maxSeatsPerUser: 3 },
  charge: { maxAmount: 2_000, maxBalance: 3_000 },
}

async function buildWorld(box: BoxOffice, model: ReferenceModel): Promise<ModelWorld> {
  const first = await box.catalog.createConcert({ title: 'First' }).match(keep, unexpected)
  const second = await box.catalog.createConcert({ title: 'Second' }).match(keep, unexpected)
  const listed = [
    { seatNo: 1, price: 100, row: 'A' },
    { seatNo: 2, price: 200, row: 'A' },
    { seatNo: 3, price: 300, row: 'B' },
  ]
  const one = await box.catalog
    .addSchedule({ concertId: first.concertId, startsAt: '2030-06-01T19:00:00Z', seats: listed })
    .match(keep, unexpected)
  const two = await box.catalog
    .addSchedule({ concertId: second.concertId, startsAt: '2030-06-02T19:00:00Z', seats: 2, price: 150 })
    .match(keep, unexpected)
  model.booking.addConcert(first)
  model.booking.addConcert(second)
  model.booking.addSchedule(one, listed)
  model.booking.addSchedule(two, [
    { seatNo: 1, price: 150 },
    { seatNo: 2, price: 150 },
  ])
  return { concertIds: [first.concertId, second.concertId], scheduleIds: [one.scheduleId, two.scheduleId] }
}

/**
 * The facade as a whole: random sequences of facade calls and clock moves give
 * the same answers on the stores as on the plain reference model.
 */
export function describeModel(suite: Suite): void {
  describe('model: the stores answer like the reference model', () => {
    it('random sequences of enter/status/leave/admit/hold (one or several seats)/holdBest/extend/release/expire/charge/pay/refund/cancel/clock moves agree with the model', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.commands([modelActions.map((action) => new ModelStep(action))], { maxCommands: 60, size: 'medium' }),
          (steps) =>
            withRig(suite.open, { policy: MODEL_POLICY }, async ({ box, clock }) => {
              const model = new ReferenceModel(box.policy, suite.options.heartbeatStepMs)
              const world = await buildWorld(box, model)
              await fc.asyncModelRun(() => ({ model, real: { box, clock, world } }), steps)
            }),
        ),
        { numRuns: suite.options.numRuns },
      )
    })

    it('invariant 13: after every step of a random sequence, the booking stream gained exactly one event per change the model made, and none for a refused call', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.commands([modelActions.map((action) => new ModelStep(action))], { maxCommands: 60, size: 'medium' }),
          (steps) =>
            withRig(suite.open, { policy: MODEL_POLICY }, async ({ box, clock }) => {
              const model = new ReferenceModel(box.policy)
              const world = await buildWorld(box, model)
              const events = new EventFollower()
              await events.expectStep(box, { kind: 'advance', ms: 0 }, [])
              await fc.asyncModelRun(() => ({ model, real: { box, clock, world, events } }), steps)
            }),
        ),
        { numRuns: suite.options.numRuns },
      )
    })
  })
}
