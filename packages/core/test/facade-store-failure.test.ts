import { errAsync, type ResultAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import {
  createBoxOffice,
  storeUnavailable,
  type BookingStore,
  type BoxOfficeError,
  type QueueStore,
} from '../src/index.js'

/** A store whose every method answers StoreUnavailable, as a store behind a dead connection does. */
function unreachable<T extends object>(): T {
  return new Proxy({} as T, { get: () => () => errAsync(storeUnavailable(new Error('connection refused'))) })
}

describe('a store failure', () => {
  const box = createBoxOffice({ queue: unreachable<QueueStore>(), booking: unreachable<BookingStore>() })
  const token = 'c1~00000000-0000-4000-8000-000000000000'
  const calls: [string, () => ResultAsync<unknown, BoxOfficeError>][] = [
    ['queue.enter', () => box.queue.enter({ userId: 'u1', concertId: 'c1' })],
    ['queue.status', () => box.queue.status({ token })],
    ['queue.leave', () => box.queue.leave({ token })],
    ['queue.authorize', () => box.queue.authorize({ userId: 'u1', token })],
    ['queue.admit', () => box.queue.admit({ concertId: 'c1' })],
    ['queue.concerts', () => box.queue.concerts()],
    ['catalog.createConcert', () => box.catalog.createConcert({ title: 'x' })],
    ['catalog.listConcerts', () => box.catalog.listConcerts()],
    [
      'catalog.addSchedule',
      () => box.catalog.addSchedule({ concertId: 'c1', startsAt: new Date(), seats: 1, price: 1 }),
    ],
    ['catalog.listDates', () => box.catalog.listDates({ concertId: 'c1' })],
    ['catalog.listSeats', () => box.catalog.listSeats({ scheduleId: 's1' })],
    ['holds.hold', () => box.holds.hold({ userId: 'u1', token, scheduleId: 's1', seatNo: 1 })],
    ['holds.release', () => box.holds.release({ userId: 'u1', holdId: 'h1' })],
    ['holds.expire', () => box.holds.expire()],
    ['wallet.charge', () => box.wallet.charge({ userId: 'u1', amount: 5 })],
    ['wallet.balance', () => box.wallet.balance({ userId: 'u1' })],
    ['wallet.history', () => box.wallet.history({ userId: 'u1' })],
    ['payments.pay', () => box.payments.pay({ userId: 'u1', token, holdId: 'h1', idempotencyKey: 'k' })],
  ]

  it.each(calls)('%s answers StoreUnavailable instead of throwing', async (_name, call) => {
    const result = await call()
    expect(result.isErr()).toBe(true)
    expect(result._unsafeUnwrapErr().type).toBe('StoreUnavailable')
  })
})
