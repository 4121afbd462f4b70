import type { BoxOffice, SeatSpec } from '@boxoffice/core'
import { expect } from 'vitest'
import { keep, unexpected } from './outcome.js'

/** A concert on sale with one schedule. */
export interface Sale {
  readonly concertId: string
  readonly scheduleId: string
}

export interface SaleShape {
  readonly title?: string
  readonly startsAt?: string
  /** A seat count (all at `price`) or a seat list. */
  readonly seats?: number | readonly SeatSpec[]
  readonly price?: number
}

/** Creates a concert and one schedule: by default 3 seats at 300 points. */
export async function openSale(box: BoxOffice, shape: SaleShape = {}): Promise<Sale> {
  const concert = await box.catalog.createConcert({ title: shape.title ?? 'Spring Gala' }).match(keep, unexpected)
  const scheduleId = await addDate(box, concert.concertId, shape)
  return { concertId: concert.concertId, scheduleId }
}

/** Adds one more schedule to a concert and answers its id. */
export async function addDate(box: BoxOffice, concertId: string, shape: SaleShape = {}): Promise<string> {
  const startsAt = shape.startsAt ?? '2030-06-01T19:00:00Z'
  const seats = shape.seats ?? 3
  const input =
    typeof seats === 'number'
      ? { concertId, startsAt, seats, price: shape.price ?? 300 }
      : { concertId, startsAt, seats }
  const schedule = await box.catalog.addSchedule(input).match(keep, unexpected)
  return schedule.scheduleId
}

/** Every user enters the concert's line, in order; answers their tokens in the same order. */
export async function enterLine(box: BoxOffice, concertId: string, userIds: readonly string[]): Promise<string[]> {
  const tokens: string[] = []
  for (const userId of userIds) {
    const ticket = await box.queue.enter({ userId, concertId }).match(keep, unexpected)
    tokens.push(ticket.token)
  }
  return tokens
}

/**
 * Every user enters, then one admit tick; checks each token is ACTIVE
 * (the policy must allow them all in one tick). Answers tokens in order.
 */
export async function admitUsers(box: BoxOffice, concertId: string, userIds: readonly string[]): Promise<string[]> {
  const tokens = await enterLine(box, concertId, userIds)
  await box.queue.admit({ concertId }).match(keep, unexpected)
  for (const [i, token] of tokens.entries()) {
    await box.queue.authorize({ userId: userIds[i] ?? '', token }).match(keep, unexpected)
  }
  return tokens
}

/** One user, admitted: answers the ACTIVE token. */
export async function admitUser(box: BoxOffice, concertId: string, userId: string): Promise<string> {
  const [token] = await admitUsers(box, concertId, [userId])
  if (token === undefined) throw new Error('admitUsers answered no token')
  return token
}

export async function fund(box: BoxOffice, userId: string, amount: number): Promise<void> {
  await box.wallet.charge({ userId, amount }).match(keep, unexpected)
}

/** Holds a seat and answers the hold id. */
export async function holdSeat(
  box: BoxOffice,
  input: { readonly userId: string; readonly token: string; readonly scheduleId: string; readonly seatNo: number },
): Promise<string> {
  const hold = await box.holds.hold(input).match(keep, unexpected)
  return hold.holdId
}

/** A token's status, or the error type status answers for it (`TokenNotFound`...). */
export async function tokenStatus(box: BoxOffice, token: string | undefined): Promise<string> {
  return box.queue.status({ token: token ?? '' }).match(
    (ticket) => ticket.status,
    (error) => error.type,
  )
}

export async function seatStatuses(box: BoxOffice, scheduleId: string): Promise<string[]> {
  const map = await box.catalog.listSeats({ scheduleId }).match(keep, unexpected)
  return map.seats.map((seat) => seat.status)
}

/** Calls `make(i)` for i < n, at most `width` at a time (set-up only: bursts themselves are unbounded). */
export async function inBatches<T>(n: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = []
  for (let start = 0; start < n; start += width) {
    const batch = Array.from({ length: Math.min(width, n - start) }, (_, j) => make(start + j))
    results.push(...(await Promise.all(batch)))
  }
  return results
}

/** `n` users enter and are admitted in one tick; answers their tokens, `u0`..`u(n-1)`. */
export async function admitCrowd(box: BoxOffice, concertId: string, n: number): Promise<string[]> {
  const tickets = await inBatches(n, 100, (i) =>
    box.queue.enter({ userId: `u${i}`, concertId }).match(keep, unexpected),
  )
  const report = await box.queue.admit({ concertId }).match(keep, unexpected)
  expect(report.admitted).toBe(n)
  return tickets.map((t) => t.token)
}
