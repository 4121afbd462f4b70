import type { BoxOffice, Hold, LedgerEntry, ManualClock } from '@boxoffice/core'
import type fc from 'fast-check'
import { expect } from 'vitest'
import { describeValue } from '../outcome.js'
import { NOT_ISSUED, observed, observedError, type Expected } from './expected.js'
import { MODEL_USERS, type ModelAction } from './model-actions.js'
import { eventFacts, impliedEvents, type EventFollower } from './model-events.js'
import type { ReferenceModel } from './reference-model.js'

/** The catalog every model run starts with: two concerts with one schedule each. */
export interface ModelWorld {
  readonly concertIds: readonly [string, string]
  readonly scheduleIds: readonly [string, string]
}

/** The real side of a model run: the facade over the stores under test. */
export interface ModelSystem {
  readonly box: BoxOffice
  readonly clock: ManualClock
  readonly world: ModelWorld
  /** Set when the run also checks invariant 13 after every step. */
  readonly events?: EventFollower | undefined
}

const withoutEntryIds = (entries: readonly LedgerEntry[]): Omit<LedgerEntry, 'entryId'>[] =>
  entries.map(({ entryId: _entryId, ...rest }) => rest)

function agree<T>(action: ModelAction, real: Expected<T>, expected: Expected<T>): void {
  expect(real, `${describeValue(action)}: the store disagrees with the model`).toEqual(expected)
}

/** One step of `fc.asyncModelRun`: runs the action on both sides and compares the answers. */
export class ModelStep implements fc.AsyncCommand<ReferenceModel, ModelSystem, false> {
  readonly action: ModelAction

  constructor(action: ModelAction) {
    this.action = action
  }

  check(): boolean {
    return true
  }

  async run(model: ReferenceModel, system: ModelSystem): Promise<void> {
    const before = system.events === undefined ? undefined : eventFacts(model)
    await perform(this.action, model, system)
    if (before !== undefined) {
      await system.events?.expectStep(system.box, this.action, impliedEvents(before, eventFacts(model)))
    }
  }

  toString(): string {
    return describeValue(this.action)
  }
}

const userAt = (index: number): string => MODEL_USERS[index] ?? 'u-unknown'

async function perform(action: ModelAction, model: ReferenceModel, { box, clock, world }: ModelSystem): Promise<void> {
  const now = clock.now()
  const concertAt = (index: number): string => world.concertIds[index === 0 ? 0 : 1]
  const scheduleAt = (index: number): string => world.scheduleIds[index === 0 ? 0 : 1]
  const tokenOf = (userIndex: number, concertIndex: number): string =>
    model.lastTokens.get(`${userAt(userIndex)}|${concertAt(concertIndex)}`) ?? `${concertAt(concertIndex)}~never-issued`
  const holdAt = (pick: number): Hold | undefined => model.booking.holds[model.booking.holds.length - 1 - pick]

  switch (action.kind) {
    case 'enter': {
      const userId = userAt(action.user)
      const concertId = concertAt(action.concert)
      const real = await box.queue.enter({ userId, concertId }).match(observed, observedError)
      agree(action, real, model.queue.enter(userId, concertId, now, real.ok ? real.value.token : NOT_ISSUED))
      if (real.ok) model.lastTokens.set(`${userId}|${concertId}`, real.value.token)
      return
    }
    case 'status': {
      const token = tokenOf(action.user, action.concert)
      const real = await box.queue.status({ token }).match(observed, observedError)
      return agree(action, real, model.queue.status(token, now))
    }
    case 'leave': {
      const token = tokenOf(action.user, action.concert)
      const real = await box.queue.leave({ token }).match(observed, observedError)
      return agree(action, real, model.queue.leave(token))
    }
    case 'authorize': {
      const userId = userAt(action.user)
      const token = tokenOf(action.owner, action.concert)
      const real = await box.queue
        .authorize({ userId, token })
        .map(({ seq: _seq, ...rest }) => rest)
        .match(observed, observedError)
      return agree(action, real, model.queue.authorize(token, userId, now))
    }
    case 'admit': {
      const concertId = concertAt(action.concert)
      const real = await box.queue.admit({ concertId }).match(observed, observedError)
      return agree(action, real, model.queue.admit(concertId, now))
    }
    case 'lines': {
      const real = await box.queue
        .concerts()
        .map((ids) => [...ids].sort())
        .match(observed, observedError)
      return agree(action, real, observed(model.queue.concerts()))
    }
    case 'hold': {
      const userId = userAt(action.user)
      const scheduleId = scheduleAt(action.schedule)
      const token =
        action.foreignToken === null
          ? tokenOf(action.user, action.schedule)
          : tokenOf(action.foreignToken.owner, action.foreignToken.concert)
      const [seatNo = 0, ...more] = action.seatNos
      const input =
        more.length === 0
          ? { userId, token, scheduleId, seatNo }
          : { userId, token, scheduleId, seatNos: action.seatNos }
      const real = await box.holds.hold(input).match(observed, observedError)
      const cmd = { userId, token, scheduleId, seatNos: action.seatNos }
      return agree(action, real, model.hold(cmd, now, real.ok ? real.value.holdId : NOT_ISSUED))
    }
    case 'holdBest': {
      const userId = userAt(action.user)
      const scheduleId = scheduleAt(action.schedule)
      const token = tokenOf(action.user, action.schedule)
      const { count, maxPrice, allowSplit } = action
      const input = { userId, token, scheduleId, count, allowSplit, ...(maxPrice === null ? {} : { maxPrice }) }
      const real = await box.holds.holdBest(input).match(observed, observedError)
      const cmd = { userId, token, scheduleId, count, maxPrice, allowSplit }
      return agree(action, real, model.holdBest(cmd, now, real.ok ? real.value.holdId : NOT_ISSUED))
    }
    case 'extend': {
      const hold = holdAt(action.pick)
      const userId = action.user === 'owner' ? (hold?.userId ?? userAt(0)) : userAt(action.user)
      const holdId = hold?.holdId ?? 'hold-never-issued'
      const real = await box.holds.extend({ userId, holdId }).match(observed, observedError)
      return agree(action, real, model.booking.extend(userId, holdId, now))
    }
    case 'release': {
      const hold = holdAt(action.pick)
      const userId = action.user === 'owner' ? (hold?.userId ?? userAt(0)) : userAt(action.user)
      const holdId = hold?.holdId ?? 'hold-never-issued'
      const real = await box.holds.release({ userId, holdId }).match(observed, observedError)
      return agree(action, real, model.booking.release(userId, holdId, now))
    }
    case 'expire': {
      const real = await box.holds.expire().match(observed, observedError)
      return agree(action, real, model.booking.expire(now))
    }
    case 'charge': {
      const userId = userAt(action.user)
      const input =
        action.key === null
          ? { userId, amount: action.amount }
          : { userId, amount: action.amount, idempotencyKey: action.key }
      const real = await box.wallet.charge(input).match(observed, observedError)
      const issued = real.ok ? real.value.entry.entryId : NOT_ISSUED
      return agree(action, real, model.wallet.charge(userId, action.amount, action.key, now, issued))
    }
    case 'pay': {
      const hold = holdAt(action.pick)
      const userIndex = action.user === 'owner' ? Math.max(0, MODEL_USERS.indexOf(hold?.userId ?? '')) : action.user
      const concertIndex =
        action.tokenConcert === 'hold'
          ? Math.max(0, world.concertIds.indexOf(hold?.concertId ?? ''))
          : action.tokenConcert
      const userId = userAt(userIndex)
      const cmd = {
        userId,
        token: tokenOf(userIndex, concertIndex),
        holdId: hold?.holdId ?? 'hold-never-issued',
        key: action.key,
      }
      const real = await box.payments
        .pay({ userId, token: cmd.token, holdId: cmd.holdId, idempotencyKey: cmd.key })
        .match(observed, observedError)
      return agree(action, real, model.pay(cmd, now, real.ok ? real.value.paymentId : NOT_ISSUED))
    }
    case 'refund': {
      const payment = model.wallet.paymentAt(action.pick)
      const userId = action.user === 'owner' ? (payment?.userId ?? userAt(0)) : userAt(action.user)
      const paymentId = payment?.paymentId ?? 'payment-never-issued'
      const real = await box.payments
        .refund({ userId, paymentId, idempotencyKey: action.key })
        .match(observed, observedError)
      const issued = real.ok ? real.value.refundId : NOT_ISSUED
      return agree(action, real, model.refund({ userId, paymentId, key: action.key }, now, issued))
    }
    case 'cancel': {
      const scheduleId = scheduleAt(action.schedule)
      const real = await box.catalog.cancelSchedule({ scheduleId, limit: 100_000 }).match(observed, observedError)
      return agree(action, real, model.cancel(scheduleId, now))
    }
    case 'payments': {
      const userId = userAt(action.user)
      const real = await box.payments.list({ userId }).match(observed, observedError)
      return agree(action, real, observed(model.wallet.payments(userId, 50)))
    }
    case 'balance': {
      const userId = userAt(action.user)
      const real = await box.wallet.balance({ userId }).match(observed, observedError)
      return agree(action, real, observed(model.wallet.balance(userId)))
    }
    case 'history': {
      const userId = userAt(action.user)
      const input = action.limit === undefined ? { userId } : { userId, limit: action.limit }
      const real = await box.wallet.history(input).map(withoutEntryIds).match(observed, observedError)
      return agree(action, real, observed(withoutEntryIds(model.wallet.history(userId, action.limit ?? 50))))
    }
    case 'seats': {
      const scheduleId = scheduleAt(action.schedule)
      const real = await box.catalog.listSeats({ scheduleId }).match(observed, observedError)
      return agree(action, real, model.booking.listSeats(scheduleId, now))
    }
    case 'dates': {
      const concertId = concertAt(action.concert)
      const real = await box.catalog.listDates({ concertId }).match(observed, observedError)
      return agree(action, real, model.booking.listDates(concertId, now))
    }
    case 'concerts': {
      const real = await box.catalog.listConcerts().match(observed, observedError)
      return agree(action, real, observed(model.booking.listConcerts()))
    }
    case 'advance':
      clock.advance(action.ms)
      return
  }
}
