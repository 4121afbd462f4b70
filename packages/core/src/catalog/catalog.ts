/** A concert on sale. */
export interface Concert {
  readonly concertId: string
  readonly title: string
  readonly createdAt: Date
}

/** `SCHEDULED` until the organiser cancels the date; `CANCELLED` is final. */
export type ScheduleStatus = 'SCHEDULED' | 'CANCELLED'

/** One date of a concert, with its seats numbered 1..N or as listed. */
export interface Schedule {
  readonly scheduleId: string
  readonly concertId: string
  readonly startsAt: Date
  readonly seatCount: number
  /** CANCELLED once `catalog.cancelSchedule` was called: no new holds, every sale refunded. */
  readonly status: ScheduleStatus
}

/**
 * A seat as set up: its number, its price in points, and optionally its row.
 * Seats of one row are adjacent when their numbers are consecutive; seats
 * without a row label all belong to one unlabelled row.
 */
export interface SeatSpec {
  readonly seatNo: number
  readonly price: number
  readonly row?: string | undefined
}

/** `listDates` answer: a schedule and how many of its seats can be held now (예약 가능 날짜). */
export interface ScheduleAvailability extends Schedule {
  readonly availableSeats: number
}

/** Derived: SOLD if a CONFIRMED hold exists, HELD if a live HELD hold exists, else AVAILABLE. */
export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD'

/** One seat of a schedule as `listSeats` shows it at a given instant. */
export interface SeatView {
  readonly seatNo: number
  readonly price: number
  /** The seat's row label; null when it has none. */
  readonly row: string | null
  readonly status: SeatStatus
}

/** `listSeats` answer: the schedule (so a caller can check its concert) and its seats in seat order. */
export interface SeatMap {
  readonly schedule: Schedule
  readonly seats: readonly SeatView[]
}
