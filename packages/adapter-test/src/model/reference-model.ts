import type { CancelReport, Hold, Payment, Policy, Refund } from '@boxoffice/core'
import { BookingModel } from './booking-model.js'
import { expectError, expectValue, type Expected } from './expected.js'
import { QueueModel } from './queue-model.js'
import { WalletModel } from './wallet-model.js'

/**
 * The whole facade as a plain reference: what `createBoxOffice` over any
 * correct pair of stores must answer. Ids the stores generate are adopted
 * from the real answer (`issued...`); everything else is predicted.
 */
export class ReferenceModel {
  readonly queue: QueueModel
  readonly booking: BookingModel
  readonly wallet: WalletModel
  /** The last token each (user, concert) was given, live or not: what a client would still send. */
  readonly lastTokens: Map<string, string> = new Map()
  readonly #maxSeatsPerHold: number
  readonly #refundCutoffMs: number

  constructor(policy: Policy, heartbeatStepMs = 0) {
    this.#maxSeatsPerHold = policy.hold.maxSeatsPerHold
    this.#refundCutoffMs = policy.refund.cutoffMs
    this.queue = new QueueModel(policy.queue, heartbeatStepMs)
    this.booking = new BookingModel(policy.hold)
    this.wallet = new WalletModel(policy.charge)
  }

  /** `holds.hold`: the seat count against the policy, authorize, then the seat rules. */
  hold(
    cmd: { userId: string; token: string; scheduleId: string; seatNos: readonly number[] },
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    if (cmd.seatNos.length > this.#maxSeatsPerHold) return expectError('ValidationFailed')
    const admitted = this.queue.authorize(cmd.token, cmd.userId, now)
    if (!admitted.ok) return expectError(admitted.error)
    return this.booking.hold({ ...cmd, tokenConcertId: admitted.value.concertId }, now, issuedHoldId)
  }

  /** `holds.holdBest`: the count against the policy, authorize, then best available. */
  holdBest(
    cmd: {
      userId: string
      token: string
      scheduleId: string
      count: number
      maxPrice: number | null
      allowSplit: boolean
    },
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    if (cmd.count > this.#maxSeatsPerHold) return expectError('ValidationFailed')
    const admitted = this.queue.authorize(cmd.token, cmd.userId, now)
    if (!admitted.ok) return expectError(admitted.error)
    return this.booking.holdBest({ ...cmd, tokenConcertId: admitted.value.concertId }, now, issuedHoldId)
  }

  /**
   * `payments.pay` as the facade answers it: a key that already paid replays
   * (or conflicts) whatever the token (the facade authorizes first and lets the
   * store answer the replay, or asks the store for it when the token no longer
   * authorizes: the same answers); then authorize; then the atomic settle;
   * on success the token is completed. A replay completes only the token that
   * paid, if it is still live; never the token the replay carries.
   */
  pay(
    cmd: { userId: string; token: string; holdId: string; key: string },
    now: Date,
    issuedPaymentId: string,
  ): Expected<Payment> {
    const previous = this.wallet.paidWithKey(cmd.userId, cmd.key, cmd.holdId)
    if (previous !== undefined) {
      const paying = this.wallet.payingToken(cmd.userId, cmd.key)
      if (previous.ok && paying !== undefined && this.queue.authorize(paying, cmd.userId, now).ok) {
        this.queue.complete(paying)
      }
      return previous
    }
    const admitted = this.queue.authorize(cmd.token, cmd.userId, now)
    if (!admitted.ok) return expectError(admitted.error)
    const paid = this.wallet.settle(
      { ...cmd, tokenConcertId: admitted.value.concertId },
      this.booking.findHold(cmd.holdId),
      now,
      issuedPaymentId,
    )
    if (paid.ok) this.queue.complete(cmd.token)
    return paid
  }

  /** `payments.refund`: one atomic step in the wallet and the hold. */
  refund(cmd: { userId: string; paymentId: string; key: string }, now: Date, issuedRefundId: string): Expected<Refund> {
    const paid = this.#anyPayment(cmd.paymentId)
    const startsAt = paid === undefined ? undefined : this.booking.startsAt(paid.scheduleId)
    const closesAt = startsAt === undefined ? undefined : new Date(startsAt.getTime() - this.#refundCutoffMs)
    const hold = paid === undefined ? undefined : this.booking.findHold(paid.holdId)
    return this.wallet.refund({ ...cmd, closesAt }, hold, now, issuedRefundId)
  }

  /** `catalog.cancelSchedule` with a limit above every payment: the whole cancellation in one call. */
  cancel(scheduleId: string, now: Date): Expected<CancelReport> {
    const released = this.booking.cancel(scheduleId, now)
    if (released === undefined) return expectError('ScheduleNotFound')
    const refunded = this.wallet.refundSchedule(scheduleId, (holdId) => this.booking.findHold(holdId), now)
    return expectValue({ scheduleId, released, refunded, remaining: 0 })
  }

  #anyPayment(paymentId: string): Payment | undefined {
    for (let pick = 0; ; pick++) {
      const payment = this.wallet.paymentAt(pick)
      if (payment === undefined) return undefined
      if (payment.paymentId === paymentId) return payment
    }
  }
}
