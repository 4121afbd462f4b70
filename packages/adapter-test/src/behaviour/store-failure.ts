import type { BoxOffice } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { SEED_POLICY, seedWorld, type SeedWorld } from '../bad-input/fuzz-calls.js'
import { failed, outcomeType, succeeded } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'

type Side = 'queue' | 'booking'

/** Every facade call that reaches the given store, as (name, answer type). */
async function callsReaching(side: Side, box: BoxOffice, w: SeedWorld): Promise<[string, string][]> {
  const hold = { userId: 'u1', token: w.activeToken, scheduleId: w.scheduleId, seatNo: 2 }
  const pay = { userId: 'u1', token: w.activeToken, holdId: w.holdId, idempotencyKey: 'pay-key' }
  const answers: [string, Promise<string>][] =
    side === 'queue'
      ? [
          [
            'queue.enter',
            box.queue.enter({ userId: 'u3', concertId: w.concertId }).match(succeeded, failed).then(outcomeType),
          ],
          ['queue.status', box.queue.status({ token: w.waitingToken }).match(succeeded, failed).then(outcomeType)],
          ['queue.leave', box.queue.leave({ token: w.waitingToken }).match(succeeded, failed).then(outcomeType)],
          [
            'queue.authorize',
            box.queue.authorize({ userId: 'u1', token: w.activeToken }).match(succeeded, failed).then(outcomeType),
          ],
          ['queue.admit', box.queue.admit({ concertId: w.concertId }).match(succeeded, failed).then(outcomeType)],
          ['queue.concerts', box.queue.concerts().match(succeeded, failed).then(outcomeType)],
          ['holds.hold', box.holds.hold(hold).match(succeeded, failed).then(outcomeType)],
          ['payments.pay', box.payments.pay(pay).match(succeeded, failed).then(outcomeType)],
        ]
      : [
          [
            'catalog.createConcert',
            box.catalog.createConcert({ title: 'Encore' }).match(succeeded, failed).then(outcomeType),
          ],
          ['catalog.listConcerts', box.catalog.listConcerts().match(succeeded, failed).then(outcomeType)],
          [
            'catalog.addSchedule',
            box.catalog
              .addSchedule({ concertId: w.concertId, startsAt: '2030-07-01T19:00:00Z', seats: 2, price: 10 })
              .match(succeeded, failed)
              .then(outcomeType),
          ],
          [
            'catalog.listDates',
            box.catalog.listDates({ concertId: w.concertId }).match(succeeded, failed).then(outcomeType),
          ],
          [
            'catalog.listSeats',
            box.catalog.listSeats({ scheduleId: w.scheduleId }).match(succeeded, failed).then(outcomeType),
          ],
          ['holds.hold', box.holds.hold(hold).match(succeeded, failed).then(outcomeType)],
          [
            'holds.release',
            box.holds.release({ userId: 'u1', holdId: w.holdId }).match(succeeded, failed).then(outcomeType),
          ],
          ['holds.expire', box.holds.expire().match(succeeded, failed).then(outcomeType)],
          ['wallet.charge', box.wallet.charge({ userId: 'u1', amount: 10 }).match(succeeded, failed).then(outcomeType)],
          ['wallet.balance', box.wallet.balance({ userId: 'u1' }).match(succeeded, failed).then(outcomeType)],
          ['wallet.history', box.wallet.history({ userId: 'u1' }).match(succeeded, failed).then(outcomeType)],
          ['payments.pay', box.payments.pay(pay).match(succeeded, failed).then(outcomeType)],
        ]
  const settledAnswers: [string, string][] = []
  for (const [name, answer] of answers) settledAnswers.push([name, await answer])
  return settledAnswers
}

/** Nothing throws for a store failure: every call reaching a lost store answers StoreUnavailable. */
export function describeStoreFailure(suite: Suite, side: Side): void {
  describe('store failure', () => {
    const name = `every call that reaches an unreachable ${side} store answers StoreUnavailable, and none throws`
    if (!suite.options.disconnects) {
      it.skip(`${name} (the adapter does not declare \`disconnects\`)`, () => {})
      return
    }
    it(name, () =>
      withRig(suite.open, { policy: SEED_POLICY }, async ({ box, disconnect }) => {
        const world = await seedWorld(box)
        await disconnect()
        const answers = await callsReaching(side, box, world)
        expect(answers).toEqual(answers.map(([call]) => [call, 'StoreUnavailable']))
      }),
    )
  })
}
