import type { BoxOffice, BoxOfficeError, Concert, Schedule, SeatSpec } from '@boxoffice/core'
import { ok, ResultAsync } from 'neverthrow'

export interface DemoSeed {
  readonly concert: Concert
  readonly schedules: readonly Schedule[]
}

const DAY_MS = 24 * 3_600_000

/** 50 seats: the first two rows (1-10) at 150,000 points, the rest at 80,000. */
const demoSeats: readonly SeatSpec[] = Array.from({ length: 50 }, (_, i) => ({
  seatNo: i + 1,
  price: i < 10 ? 150_000 : 80_000,
}))

/** 19:00 UTC, `days` days after `now`. */
const evening = (now: Date, days: number): Date => {
  const day = new Date(now.getTime() + days * DAY_MS)
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 19))
}

/**
 * The concert an in-memory server starts with, so the API can be tried at
 * once: two evenings a week from now, 50 seats each, two price bands.
 *
 * @example
 * ```ts
 * const seeded = await seedDemoConcert(box)
 * ```
 */
export function seedDemoConcert(box: BoxOffice): ResultAsync<DemoSeed, BoxOfficeError> {
  const now = box.clock.now()
  return box.catalog
    .createConcert({ title: 'boxoffice demo night' })
    .andThen((concert) =>
      ResultAsync.combine(
        [7, 8].map((days) =>
          box.catalog.addSchedule({ concertId: concert.concertId, startsAt: evening(now, days), seats: demoSeats }),
        ),
      ).andThen((schedules) => ok({ concert, schedules })),
    )
}
