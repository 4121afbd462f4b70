import type {
  Concert,
  Hold,
  HoldPolicy,
  Schedule,
  ScheduleAvailability,
  SeatMap,
  SeatSpec,
  SeatStatus,
} from '@boxoffice/core'
import { expectError, expectValue, type Expected } from './expected.js'

type MutableHold = { -readonly [K in keyof Hold]: Hold[K] }

/**
 * Catalog and holds written the plain way: arrays scanned on every call. A
 * seat's status is derived from all its holds, exactly as the spec words it.
 */
export class BookingModel {
  readonly #policy: HoldPolicy
  readonly #concerts: Concert[] = []
  readonly #schedules: { schedule: Schedule; seats: SeatSpec[] }[] = []
  /** Every hold ever placed, in order. */
  readonly holds: MutableHold[] = []

  constructor(policy: HoldPolicy) {
    this.#policy = policy
  }

  addConcert(concert: Concert): void {
    this.#concerts.push(concert)
  }

  addSchedule(schedule: Schedule, seats: readonly SeatSpec[]): void {
    this.#schedules.push({ schedule, seats: [...seats] })
  }

  /** By creation time, then id. */
  listConcerts(): Concert[] {
    return [...this.#concerts].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.concertId < b.concertId ? -1 : 1),
    )
  }

  listDates(concertId: string, now: Date): Expected<ScheduleAvailability[]> {
    if (!this.#concerts.some((c) => c.concertId === concertId)) return expectError('ConcertNotFound')
    const dates = this.#schedules
      .filter((s) => s.schedule.concertId === concertId)
      .map((s) => ({
        ...s.schedule,
        availableSeats: s.seats.filter(
          (seat) => this.#seatStatus(s.schedule.scheduleId, seat.seatNo, now) === 'AVAILABLE',
        ).length,
      }))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.scheduleId < b.scheduleId ? -1 : 1))
    return expectValue(dates)
  }

  listSeats(scheduleId: string, now: Date): Expected<SeatMap> {
    const found = this.#schedules.find((s) => s.schedule.scheduleId === scheduleId)
    if (found === undefined) return expectError('ScheduleNotFound')
    const seats = [...found.seats]
      .sort((a, b) => a.seatNo - b.seatNo)
      .map((seat) => ({
        seatNo: seat.seatNo,
        price: seat.price,
        status: this.#seatStatus(scheduleId, seat.seatNo, now),
      }))
    return expectValue({ schedule: found.schedule, seats })
  }

  /** The seat part of a hold, once the queue token was authorized for `tokenConcertId`. */
  hold(
    cmd: { userId: string; tokenConcertId: string; scheduleId: string; seatNo: number },
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    const found = this.#schedules.find((s) => s.schedule.scheduleId === cmd.scheduleId)
    const seat = found?.seats.find((s) => s.seatNo === cmd.seatNo)
    if (found === undefined || seat === undefined) return expectError('SeatNotFound')
    if (found.schedule.concertId !== cmd.tokenConcertId) return expectError('TokenConcertMismatch')
    if (this.#seatStatus(cmd.scheduleId, cmd.seatNo, now) !== 'AVAILABLE') return expectError('SeatUnavailable')
    const live = this.holds.filter((h) => h.userId === cmd.userId && h.status === 'HELD' && h.expiresAt > now)
    if (live.length >= this.#policy.maxPerUser) return expectError('HoldLimitReached')
    const hold: MutableHold = {
      holdId: issuedHoldId,
      userId: cmd.userId,
      concertId: cmd.tokenConcertId,
      scheduleId: cmd.scheduleId,
      seatNo: cmd.seatNo,
      price: seat.price,
      status: 'HELD',
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.#policy.ttlMs),
    }
    this.holds.push(hold)
    return expectValue({ ...hold })
  }

  release(userId: string, holdId: string, now: Date): Expected<Hold> {
    const hold = this.findHold(holdId)
    if (hold === undefined) return expectError('HoldNotFound')
    if (hold.userId !== userId) return expectError('NotHoldOwner')
    if (hold.status !== 'HELD' || hold.expiresAt <= now) return expectError('HoldNotActive')
    hold.status = 'RELEASED'
    return expectValue({ ...hold })
  }

  expire(now: Date): Expected<number> {
    const due = this.holds.filter((h) => h.status === 'HELD' && h.expiresAt <= now)
    for (const hold of due) hold.status = 'EXPIRED'
    return expectValue(due.length)
  }

  findHold(holdId: string): MutableHold | undefined {
    return this.holds.find((h) => h.holdId === holdId)
  }

  #seatStatus(scheduleId: string, seatNo: number, now: Date): SeatStatus {
    const holds = this.holds.filter((h) => h.scheduleId === scheduleId && h.seatNo === seatNo)
    if (holds.some((h) => h.status === 'CONFIRMED')) return 'SOLD'
    if (holds.some((h) => h.status === 'HELD' && h.expiresAt > now)) return 'HELD'
    return 'AVAILABLE'
  }
}
