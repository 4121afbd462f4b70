import type { Result } from 'neverthrow'
import type { BookingStore } from '@boxoffice/core'
import type { PlaceHoldCommand, SettleCommand } from '@boxoffice/core/adapter'

export const START: Date = new Date('2030-01-01T00:00:00.000Z')

/** A concert with one schedule of `seats` seats at `price`; answers the ids. */
export async function openSale(
  booking: BookingStore,
  id: string,
  seats: number,
  price: number,
): Promise<{ concertId: string; scheduleId: string }> {
  const concertId = `concert-${id}`
  const scheduleId = `schedule-${id}`
  ;(await booking.createConcert({ concert: { concertId, title: `Sale ${id}`, createdAt: START } }))._unsafeUnwrap()
  ;(
    await booking.addSchedule({
      schedule: {
        scheduleId,
        concertId,
        startsAt: new Date('2030-06-01T19:00:00Z'),
        seatCount: seats,
        status: 'SCHEDULED',
      },
      seats: Array.from({ length: seats }, (_, i) => ({ seatNo: i + 1, price })),
    })
  )._unsafeUnwrap()
  return { concertId, scheduleId }
}

export interface HoldRequest {
  readonly holdId: string
  readonly userId: string
  readonly concertId: string
  readonly scheduleId: string
  readonly seatNo: number
  /** More seats of the hold besides `seatNo`. */
  readonly moreSeatNos?: readonly number[]
  readonly maxSeatsPerUser?: number
  readonly now?: Date
}

/** A store-level hold command with the default TTL (5 min). */
export function holdCommand(request: HoldRequest): PlaceHoldCommand & { readonly now: Date } {
  return {
    holdId: request.holdId,
    userId: request.userId,
    concertId: request.concertId,
    token: `${request.concertId}~${request.userId}`,
    scheduleId: request.scheduleId,
    seatNos: [request.seatNo, ...(request.moreSeatNos ?? [])].sort((a, b) => a - b),
    ttlMs: 5 * 60_000,
    maxSeatsPerUser: request.maxSeatsPerUser ?? 4,
    now: request.now ?? START,
  }
}

export interface PayRequest {
  readonly paymentId: string
  readonly entryId: string
  readonly userId: string
  readonly holdId: string
  readonly idempotencyKey: string
  readonly concertId: string
  readonly now?: Date
}

/** A store-level pay command, with the payer's token for the concert. */
export function payCommand(request: PayRequest): SettleCommand & { readonly now: Date } {
  return { ...request, token: `${request.concertId}~${request.userId}`, now: request.now ?? START }
}

/** The counts of each outcome type: `{ ok: 1, SeatUnavailable: 999 }`. */
export function tally(outcomes: readonly Result<unknown, { readonly type: string }>[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const outcome of outcomes) {
    const key = outcome.match(
      () => 'ok',
      (error) => error.type,
    )
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}
