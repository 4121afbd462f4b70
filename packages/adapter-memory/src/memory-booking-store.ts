import {
  concertNotFound,
  scheduleNotFound,
  type Hold,
  type Refund,
  type ScheduleAvailability,
  type SeatView,
} from '@boxoffice/core'
import {
  applyCharge,
  cancellationRefundIds,
  cancelSchedule,
  chargeFingerprint,
  decideRefund,
  expireHold,
  extendHold,
  isLiveClaim,
  matchIdempotency,
  payFingerprint,
  paymentSummary,
  placeBestHold,
  placeHold,
  refundFingerprint,
  releaseHold,
  seatStatus,
  settlePayment,
  holdWithStatus,
  type BookingStore,
  type RefundCommand,
  type RefundError,
} from '@boxoffice/core/adapter'
import type { Result } from 'neverthrow'
import { EventLog } from './event-log.js'
import { SeatBook } from './seat-book.js'
import { settled } from './settled.js'
import { WalletBook } from './wallet-book.js'

/**
 * Catalog, holds, wallet and payments in process memory. Every method runs to
 * completion without awaiting, so each is one atomic step, and pay changes
 * balance, ledger, hold and payment together or not at all. Each change
 * appends its event to the booking log in that same step.
 *
 * @example
 * ```ts
 * const booking = createMemoryBookingStore()
 * const box = createBoxOffice({ queue: createMemoryQueueStore(), booking })
 * ```
 */
export function createMemoryBookingStore(): BookingStore {
  const seats = new SeatBook()
  const wallets = new WalletBook()
  const log = new EventLog()
  const holdEvent = <T extends 'HoldPlaced' | 'HoldExtended' | 'HoldReleased' | 'HoldExpired'>(
    type: T,
    hold: Hold,
    at: Date,
  ) => ({
    type,
    at,
    concertId: hold.concertId,
    scheduleId: hold.scheduleId,
    userId: hold.userId,
  })
  // Each change appends its event in the same synchronous step that stores it.
  const placed = (hold: Hold, now: Date): Hold => {
    seats.put(hold)
    log.append({
      ...holdEvent('HoldPlaced', hold, now),
      data: { holdId: hold.holdId, seatNos: hold.seatNos, price: hold.price, expiresAt: hold.expiresAt.toISOString() },
    })
    return hold
  }

  const store: BookingStore = {
    events: log.store(),

    createConcert: ({ concert }) => {
      seats.concerts.set(concert.concertId, concert)
      return settled.ok(concert)
    },

    listConcerts: () =>
      settled.ok(
        [...seats.concerts.values()].sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.concertId.localeCompare(b.concertId),
        ),
      ),

    addSchedule: ({ schedule, seats: specs }) => {
      if (!seats.concerts.has(schedule.concertId)) return settled.err(concertNotFound(schedule.concertId))
      seats.addSchedule(schedule, specs)
      return settled.ok(schedule)
    },

    listDates: ({ concertId, now }) => {
      if (!seats.concerts.has(concertId)) return settled.err(concertNotFound(concertId))
      const dates: ScheduleAvailability[] = []
      for (const entry of seats.schedules.values()) {
        if (entry.schedule.concertId !== concertId) continue
        dates.push({ ...entry.schedule, availableSeats: seats.availableSeats(entry, now) })
      }
      dates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.scheduleId.localeCompare(b.scheduleId))
      return settled.ok(dates)
    },

    listSeats: ({ scheduleId, now }) => {
      const entry = seats.schedules.get(scheduleId)
      if (entry === undefined) return settled.err(scheduleNotFound(scheduleId))
      const views: SeatView[] = []
      for (const seat of entry.inOrder) {
        const status = seatStatus(entry.claims.get(seat.seatNo), now)
        views.push({ seatNo: seat.seatNo, price: seat.price, row: seat.row ?? null, status })
      }
      return settled.ok({ schedule: entry.schedule, seats: views })
    },

    holdSeat: (cmd) => {
      const entry = seats.schedules.get(cmd.scheduleId)
      const taken = cmd.seatNos.filter((seatNo) => {
        const claim = entry?.claims.get(seatNo)
        return claim !== undefined && isLiveClaim(claim, cmd.now)
      })
      const decided = placeHold(
        {
          scheduleConcertId: entry?.schedule.concertId,
          seats: cmd.seatNos.map((seatNo) => entry?.seats.get(seatNo)),
          taken,
          userLiveSeats: seats.liveSeatsOf(cmd.userId, cmd.now),
          scheduleCancelled: entry?.schedule.status === 'CANCELLED',
        },
        cmd,
        cmd.now,
      )
      return settled.commit(decided, (hold) => placed(hold, cmd.now))
    },

    holdBest: (cmd) => {
      const entry = seats.schedules.get(cmd.scheduleId)
      const available = entry === undefined ? [] : seats.availableInOrder(entry, cmd.now)
      const userLiveSeats = seats.liveSeatsOf(cmd.userId, cmd.now)
      const cancelled = entry?.schedule.status === 'CANCELLED'
      const decided = placeBestHold(entry?.schedule.concertId, userLiveSeats, available, cmd, cmd.now, cancelled)
      return settled.commit(decided, (hold) => placed(hold, cmd.now))
    },

    extendHold: ({ holdId, userId, extendMs, now }) => {
      const hold = seats.holds.get(holdId)
      const claimsItsSeats = hold !== undefined && seats.isClaimOfItsSeats(hold)
      return settled.commit(extendHold(holdId, hold, userId, extendMs, now, claimsItsSeats), (longer) => {
        seats.put(longer)
        log.append({
          ...holdEvent('HoldExtended', longer, now),
          data: { holdId, seatNos: longer.seatNos, expiresAt: longer.expiresAt.toISOString() },
        })
        return longer
      })
    },

    releaseHold: ({ holdId, userId, now }) => {
      return settled.commit(releaseHold(holdId, seats.holds.get(holdId), userId, now), (hold) => {
        seats.put(hold)
        log.append({ ...holdEvent('HoldReleased', hold, now), data: { holdId, seatNos: hold.seatNos } })
        return hold
      })
    },

    expireHolds: ({ now, limit }) => {
      const expired = seats.expiredHeld(now, limit)
      for (const hold of expired) {
        seats.put(expireHold(hold, now))
        log.append({
          ...holdEvent('HoldExpired', hold, hold.expiresAt),
          data: { holdId: hold.holdId, seatNos: hold.seatNos },
        })
      }
      return settled.ok(expired.length)
    },

    charge: (cmd) => {
      const key = cmd.idempotencyKey
      const fingerprint = chargeFingerprint(cmd.amount)
      const previous = key === null ? undefined : wallets.idempotency(cmd.userId, key)
      return matchIdempotency(previous, 'charge', key ?? '', fingerprint).match((match) => {
        if (match.kind === 'replay') {
          const entry = recorded(wallets.entry(match.resultId))
          return settled.ok({ balance: entry.balanceAfter, entry })
        }
        return settled.commit(applyCharge(wallets.balance(cmd.userId), cmd, cmd.now), (entry) => {
          wallets.post(entry)
          log.append({
            type: 'WalletCharged',
            at: cmd.now,
            userId: cmd.userId,
            data: { entryId: entry.entryId, amount: entry.amount, balance: entry.balanceAfter },
          })
          if (key !== null) {
            wallets.remember({
              userId: cmd.userId,
              key,
              operation: 'charge',
              fingerprint,
              resultId: entry.entryId,
              createdAt: cmd.now,
            })
          }
          return { balance: entry.balanceAfter, entry }
        })
      }, settled.err)
    },

    balance: ({ userId }) => settled.ok(wallets.balance(userId)),

    history: ({ userId, limit }) => settled.ok(wallets.history(userId, limit)),

    findPayment: ({ userId, idempotencyKey }) => {
      const record = wallets.idempotency(userId, idempotencyKey)
      const payment = record?.operation === 'pay' ? wallets.payment(record.resultId) : undefined
      if (record === undefined || payment === undefined) return settled.ok(null)
      const token = recorded(wallets.payingToken(payment.paymentId))
      return settled.ok({ payment, fingerprint: record.fingerprint, token })
    },

    pay: (cmd) => {
      const fingerprint = payFingerprint(cmd.holdId)
      const previous = wallets.idempotency(cmd.userId, cmd.idempotencyKey)
      return matchIdempotency(previous, 'pay', cmd.idempotencyKey, fingerprint).match((match) => {
        if (match.kind === 'replay') {
          const payment = recorded(wallets.payment(match.resultId))
          return settled.ok({ payment, replayed: true, token: recorded(wallets.payingToken(payment.paymentId)) })
        }
        const hold = seats.holds.get(cmd.holdId)
        const claimsItsSeats = hold !== undefined && seats.isClaimOfItsSeats(hold)
        const settlement = settlePayment(hold, wallets.balance(cmd.userId), cmd, cmd.now, claimsItsSeats)
        return settled.commit(settlement, ({ hold, payment, entry }) => {
          seats.put(hold)
          wallets.post(entry)
          wallets.recordPayment(payment, cmd.token)
          wallets.remember({
            userId: cmd.userId,
            key: cmd.idempotencyKey,
            operation: 'pay',
            fingerprint,
            resultId: payment.paymentId,
            createdAt: cmd.now,
          })
          log.append({
            type: 'PaymentSettled',
            at: cmd.now,
            concertId: payment.concertId,
            scheduleId: payment.scheduleId,
            userId: payment.userId,
            data: {
              paymentId: payment.paymentId,
              holdId: payment.holdId,
              seatNos: payment.seatNos,
              amount: payment.amount,
            },
          })
          return { payment, replayed: false, token: cmd.token }
        })
      }, settled.err)
    },

    refund: (cmd) => {
      const fingerprint = refundFingerprint(cmd.paymentId)
      const previous = wallets.idempotency(cmd.userId, cmd.idempotencyKey)
      return matchIdempotency(previous, 'refund', cmd.idempotencyKey, fingerprint).match((match) => {
        if (match.kind === 'replay') return settled.ok(recorded(wallets.refund(match.resultId)))
        const decided = refundPayment(
          cmd.paymentId,
          {
            refundId: cmd.refundId,
            entryId: cmd.entryId,
            paymentId: cmd.paymentId,
            by: { userId: cmd.userId, idempotencyKey: cmd.idempotencyKey },
            cutoffMs: cmd.cutoffMs,
          },
          cmd.now,
        )
        return settled.commit(decided, (refund) => {
          wallets.remember({
            userId: cmd.userId,
            key: cmd.idempotencyKey,
            operation: 'refund',
            fingerprint,
            resultId: refund.refundId,
            createdAt: cmd.now,
          })
          return refund
        })
      }, settled.err)
    },

    listPayments: ({ userId, limit }) =>
      settled.ok(wallets.paymentsOf(userId, limit).map((p) => paymentSummary(p, wallets.refundOf(p.paymentId)))),

    getPayment: ({ paymentId }) => {
      const payment = wallets.payment(paymentId)
      return settled.ok(payment === undefined ? null : paymentSummary(payment, wallets.refundOf(paymentId)))
    },

    cancelSchedule: ({ scheduleId, limit, now }) => {
      const entry = seats.schedules.get(scheduleId)
      return settled.commit(cancelSchedule(entry?.schedule, scheduleId), (cancelled) => {
        if (entry !== undefined && entry.schedule.status !== 'CANCELLED') {
          log.append({ type: 'ScheduleCancelled', at: now, concertId: cancelled.concertId, scheduleId, data: {} })
        }
        if (entry !== undefined) entry.schedule = cancelled
        const live = seats.liveHeldOf(scheduleId, now)
        // every hold here is live, so releaseHold by its owner cannot refuse
        for (const hold of live) {
          seats.put(releaseHold(hold.holdId, hold, hold.userId, now)._unsafeUnwrap())
          log.append({ ...holdEvent('HoldReleased', hold, now), data: { holdId: hold.holdId, seatNos: hold.seatNos } })
        }
        const open = wallets.unrefunded(scheduleId)
        let refunded = 0
        for (const payment of open.slice(0, limit)) {
          const ids = cancellationRefundIds(payment.paymentId)
          const cmd = { ...ids, paymentId: payment.paymentId, by: 'operator' as const, cutoffMs: 0 }
          refunded += refundPayment(payment.paymentId, cmd, now).match(
            () => 1,
            () => 0,
          )
        }
        return { scheduleId, released: live.length, refunded, remaining: open.length - refunded }
      })
    },

    pendingCancellations: ({ limit }) => {
      const pending: string[] = []
      for (const entry of seats.schedules.values()) {
        if (pending.length >= limit) break
        const { scheduleId, status } = entry.schedule
        if (status === 'CANCELLED' && wallets.unrefunded(scheduleId).length > 0) pending.push(scheduleId)
      }
      return settled.ok(pending)
    },
  }
  return store

  /** `decideRefund` over what memory holds, and on success: ledger, refund, hold REFUNDED (its seats free). */
  function refundPayment(paymentId: string, cmd: RefundCommand, now: Date): Result<Refund, RefundError> {
    const payment = wallets.payment(paymentId)
    const schedule = payment === undefined ? undefined : seats.schedules.get(payment.scheduleId)?.schedule
    const situation = {
      payment,
      refunded: wallets.refundOf(paymentId) !== undefined,
      startsAt: schedule?.startsAt ?? now,
      balance: payment === undefined ? 0 : wallets.balance(payment.userId),
    }
    return decideRefund(situation, cmd, now).map(({ refund, entry }) => {
      wallets.post(entry)
      wallets.recordRefund(refund)
      const hold = seats.holds.get(refund.holdId)
      if (hold !== undefined) seats.put(holdWithStatus(hold, 'REFUNDED'))
      const paid = recorded(payment)
      log.append({
        type: 'PaymentRefunded',
        at: now,
        concertId: paid.concertId,
        scheduleId: paid.scheduleId,
        userId: paid.userId,
        data: {
          refundId: refund.refundId,
          paymentId,
          holdId: refund.holdId,
          seatNos: paid.seatNos,
          amount: refund.amount,
          reason: refund.reason,
        },
      })
      return refund
    })
  }
}

/** A key is recorded in the same step as its result, so a missing result is a bug, not a state. */
function recorded<T>(result: T | undefined): T {
  if (result === undefined) throw new Error('idempotency record points at a missing result')
  return result
}
