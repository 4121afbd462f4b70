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
  /**
   * The schedule CANCELLED and its live HELD holds RELEASED; answers how many
   * were released, or undefined for an unknown schedule.
   */
  cancel(scheduleId: string, now: Date): number | undefined {
    const found = this.#schedules.find((s) => s.schedule.scheduleId === scheduleId)
    if (found === undefined) return undefined
    found.schedule = { ...found.schedule, status: 'CANCELLED' }
    const live = this.holds.filter((h) => h.scheduleId === scheduleId && h.status === 'HELD' && h.expiresAt > now)
    for (const hold of live) hold.status = 'RELEASED'
    return live.length
  }

  /** The ids of the CANCELLED schedules. */
  cancelledSchedules(): string[] {
    return this.#schedules.filter((s) => s.schedule.status === 'CANCELLED').map((s) => s.schedule.scheduleId)
  }

  /** When the schedule starts (undefined when unknown). */
  startsAt(scheduleId: string): Date | undefined {
    return this.#schedules.find((s) => s.schedule.scheduleId === scheduleId)?.schedule.startsAt
  }

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
        row: seat.row ?? null,
        status: this.#seatStatus(scheduleId, seat.seatNo, now),
      }))
    return expectValue({ schedule: found.schedule, seats })
  }

  /** The seat part of a hold, once the queue token was authorized for `tokenConcertId`. */
  hold(
    cmd: { userId: string; tokenConcertId: string; scheduleId: string; seatNos: readonly number[] },
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    const found = this.#schedules.find((s) => s.schedule.scheduleId === cmd.scheduleId)
    const seats = cmd.seatNos.map((seatNo) => found?.seats.find((s) => s.seatNo === seatNo))
    if (found === undefined || seats.includes(undefined)) return expectError('SeatNotFound')
    if (found.schedule.concertId !== cmd.tokenConcertId) return expectError('TokenConcertMismatch')
    if (cmd.seatNos.some((seatNo) => this.#seatStatus(cmd.scheduleId, seatNo, now) !== 'AVAILABLE')) {
      return expectError('SeatUnavailable')
    }
    if (this.#liveSeatsOf(cmd.userId, now) + cmd.seatNos.length > this.#policy.maxSeatsPerUser) {
      return expectError('HoldLimitReached')
    }
    if (found.schedule.status === 'CANCELLED') return expectError('ScheduleCancelled')
    return this.#place(cmd, found.schedule.scheduleId, seats as SeatSpec[], now, issuedHoldId)
  }

  /**
   * Best available the plain way: every window of `count` adjacent available
   * seats at or under maxPrice, in seat order; the first that leaves no single
   * seat alone on either side, else the first window, else (with allowSplit)
   * the first `count` seats.
   */
  holdBest(
    cmd: {
      userId: string
      tokenConcertId: string
      scheduleId: string
      count: number
      maxPrice: number | null
      allowSplit: boolean
    },
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    const found = this.#schedules.find((s) => s.schedule.scheduleId === cmd.scheduleId)
    if (found === undefined) return expectError('ScheduleNotFound')
    if (found.schedule.concertId !== cmd.tokenConcertId) return expectError('TokenConcertMismatch')
    if (this.#liveSeatsOf(cmd.userId, now) + cmd.count > this.#policy.maxSeatsPerUser) {
      return expectError('HoldLimitReached')
    }
    const free = [...found.seats]
      .sort((a, b) => a.seatNo - b.seatNo)
      .filter((seat) => this.#seatStatus(cmd.scheduleId, seat.seatNo, now) === 'AVAILABLE')
      .filter((seat) => cmd.maxPrice === null || seat.price <= cmd.maxPrice)
    const beside = (a: SeatSpec | undefined, b: SeatSpec | undefined): boolean =>
      a !== undefined && b !== undefined && a.seatNo + 1 === b.seatNo && (a.row ?? '') === (b.row ?? '')
    const windows: { seats: SeatSpec[]; orphan: boolean }[] = []
    for (let start = 0; start + cmd.count <= free.length; start++) {
      const block = free.slice(start, start + cmd.count)
      if (block.some((seat, i) => i > 0 && !beside(block[i - 1], seat))) continue
      let left = 0
      while (beside(free[start - left - 1], free[start - left])) left++
      let right = 0
      while (beside(free[start + cmd.count - 1 + right], free[start + cmd.count + right])) right++
      windows.push({ seats: block, orphan: left === 1 || right === 1 })
    }
    const picked =
      windows.find((w) => !w.orphan)?.seats ??
      windows[0]?.seats ??
      (cmd.allowSplit && free.length >= cmd.count ? free.slice(0, cmd.count) : undefined)
    if (picked === undefined) return expectError(free.length < cmd.count ? 'NotEnoughSeats' : 'NoAdjacentSeats')
    if (found.schedule.status === 'CANCELLED') return expectError('ScheduleCancelled')
    return this.#place(
      { ...cmd, seatNos: picked.map((seat) => seat.seatNo) },
      found.schedule.scheduleId,
      picked,
      now,
      issuedHoldId,
    )
  }

  /** Once, by the owner, while HELD and unexpired: the expiry moves `extendMs` later. */
  extend(userId: string, holdId: string, now: Date): Expected<Hold> {
    const hold = this.findHold(holdId)
    if (hold === undefined) return expectError('HoldNotFound')
    if (hold.userId !== userId) return expectError('NotHoldOwner')
    if (hold.status !== 'HELD' || hold.expiresAt <= now || hold.extended) return expectError('HoldNotExtendable')
    hold.expiresAt = new Date(hold.expiresAt.getTime() + this.#policy.extendMs)
    hold.extended = true
    return expectValue({ ...hold })
  }

  #place(
    cmd: { userId: string; tokenConcertId: string; seatNos: readonly number[] },
    scheduleId: string,
    seats: readonly SeatSpec[],
    now: Date,
    issuedHoldId: string,
  ): Expected<Hold> {
    const seatNos = [...cmd.seatNos].sort((a, b) => a - b)
    const hold: MutableHold = {
      holdId: issuedHoldId,
      userId: cmd.userId,
      concertId: cmd.tokenConcertId,
      scheduleId,
      seatNo: seatNos[0] ?? 0,
      seatNos,
      price: seats.reduce((sum, seat) => sum + seat.price, 0),
      status: 'HELD',
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.#policy.ttlMs),
      extended: false,
    }
    this.holds.push(hold)
    return expectValue({ ...hold, seatNos: [...seatNos] })
  }

  #liveSeatsOf(userId: string, now: Date): number {
    return this.holds
      .filter((h) => h.userId === userId && h.status === 'HELD' && h.expiresAt > now)
      .reduce((sum, h) => sum + h.seatNos.length, 0)
  }

  release(userId: string, holdId: string, now: Date): Expected<Hold> {
    const hold = this.findHold(holdId)
    if (hold === undefined) return expectError('HoldNotFound')
    if (hold.userId !== userId) return expectError('NotHoldOwner')
    if (hold.status !== 'HELD' || hold.expiresAt <= now) return expectError('HoldNotActive')
    hold.status = 'RELEASED'
    return expectValue({ ...hold, seatNos: [...hold.seatNos] })
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
    const holds = this.holds.filter((h) => h.scheduleId === scheduleId && h.seatNos.includes(seatNo))
    if (holds.some((h) => h.status === 'CONFIRMED')) return 'SOLD'
    if (holds.some((h) => h.status === 'HELD' && h.expiresAt > now)) return 'HELD'
    return 'AVAILABLE'
  }
}
