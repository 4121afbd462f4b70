import { type Concert, type Hold, type Schedule, type SeatSpec } from '@boxoffice/core'
import { isLiveClaim, isLiveHold } from '@boxoffice/core/adapter'

export interface ScheduleSeats {
  readonly schedule: Schedule
  /** Seat number -> price. */
  readonly prices: Map<number, number>
  /** Seat number -> the latest hold placed on it (a new hold is only placed when the last is no live claim). */
  readonly claims: Map<number, Hold>
}

/**
 * Concerts, schedules, seats and holds. Holds waiting to expire are kept in
 * placement order, which is expiry order (one hold TTL per box), so the sweeper
 * reads only the expired front.
 */
export class SeatBook {
  readonly concerts: Map<string, Concert> = new Map()
  readonly schedules: Map<string, ScheduleSeats> = new Map()
  readonly holds: Map<string, Hold> = new Map()
  readonly #heldByUser = new Map<string, Set<string>>()
  readonly #heldInOrder = new Map<string, Hold>()

  addSchedule(schedule: Schedule, seats: readonly SeatSpec[]): void {
    this.schedules.set(schedule.scheduleId, {
      schedule,
      prices: new Map(seats.map((seat) => [seat.seatNo, seat.price])),
      claims: new Map(),
    })
  }

  /** The user's live HELD holds; forgets the ones that are no longer live on the way. */
  liveHoldsOf(userId: string, now: Date): number {
    const held = this.#heldByUser.get(userId)
    if (held === undefined) return 0
    let live = 0
    for (const holdId of held) {
      const hold = this.holds.get(holdId)
      if (hold !== undefined && isLiveHold(hold, now)) live++
      else held.delete(holdId)
    }
    return live
  }

  availableSeats(seats: ScheduleSeats, now: Date): number {
    let claimed = 0
    for (const hold of seats.claims.values()) if (isLiveClaim(hold, now)) claimed++
    return seats.prices.size - claimed
  }

  /**
   * Stores a hold in its new state and keeps the indexes in step. The seat's
   * claim moves to a newly placed hold; a later change to an older hold (the
   * sweeper expiring it) must not take the seat back from its successor.
   */
  put(hold: Hold): void {
    this.holds.set(hold.holdId, hold)
    const claims = this.schedules.get(hold.scheduleId)?.claims
    const current = claims?.get(hold.seatNo)
    if (current === undefined || current.holdId === hold.holdId || hold.createdAt >= current.createdAt) {
      claims?.set(hold.seatNo, hold)
    }
    if (hold.status === 'HELD') {
      let held = this.#heldByUser.get(hold.userId)
      if (held === undefined) {
        held = new Set()
        this.#heldByUser.set(hold.userId, held)
      }
      held.add(hold.holdId)
      this.#heldInOrder.set(hold.holdId, hold)
    } else {
      this.#heldByUser.get(hold.userId)?.delete(hold.holdId)
      this.#heldInOrder.delete(hold.holdId)
    }
  }

  /** HELD holds past expiry, oldest first, at most `limit`. */
  expiredHeld(now: Date, limit: number): Hold[] {
    const expired: Hold[] = []
    for (const hold of this.#heldInOrder.values()) {
      if (expired.length >= limit || hold.expiresAt.getTime() > now.getTime()) break
      expired.push(hold)
    }
    return expired
  }
}
