import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { addDate, admitUsers, fund, holdSeat, openSale, seatStatuses } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)

/** The catalog calls and the derived seat status. */
export function describeCatalog(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('catalog: concerts and schedules', () => {
    scenario('createConcert answers the concert with its id, trimmed title and creation time', async ({ box }) => {
      const concert = await box.catalog.createConcert({ title: '  Spring Gala ' }).match(keep, unexpected)
      expect(concert).toEqual({ concertId: expect.any(String), title: 'Spring Gala', createdAt: START })
      expect(await box.catalog.listConcerts().match(keep, unexpected)).toEqual([concert])
    })

    scenario('listConcerts lists concerts by creation time, then by id', async ({ box, clock }) => {
      clock.set(at(10_000))
      const late = await box.catalog.createConcert({ title: 'Late' }).match(keep, unexpected)
      clock.set(at(0))
      const early = await box.catalog.createConcert({ title: 'Early' }).match(keep, unexpected)
      const sameTime = await box.catalog.createConcert({ title: 'Same time' }).match(keep, unexpected)
      const ids = (await box.catalog.listConcerts().match(keep, unexpected)).map((c) => c.concertId)
      const sameInstant = [early.concertId, sameTime.concertId].sort()
      expect(ids).toEqual([...sameInstant, late.concertId])
    })

    scenario('a schedule with a seat count has seats 1..N at one price, all AVAILABLE', async ({ box }) => {
      const concert = await box.catalog.createConcert({ title: 'Gala' }).match(keep, unexpected)
      const schedule = await box.catalog
        .addSchedule({ concertId: concert.concertId, startsAt: new Date('2030-05-01T19:00:00Z'), seats: 3, price: 80 })
        .match(keep, unexpected)
      expect(schedule).toEqual({
        scheduleId: expect.any(String),
        concertId: concert.concertId,
        startsAt: new Date('2030-05-01T19:00:00Z'),
        seatCount: 3,
        status: 'SCHEDULED',
      })
      const map = await box.catalog.listSeats({ scheduleId: schedule.scheduleId }).match(keep, unexpected)
      expect(map).toEqual({
        schedule,
        seats: [1, 2, 3].map((seatNo) => ({ seatNo, price: 80, row: null, status: 'AVAILABLE' })),
      })
    })

    scenario('a schedule with a seat list keeps each seat number and price, listed by seat number', async ({ box }) => {
      const concert = await box.catalog.createConcert({ title: 'Gala' }).match(keep, unexpected)
      const schedule = await box.catalog
        .addSchedule({
          concertId: concert.concertId,
          startsAt: '2030-05-01T19:00:00+09:00',
          seats: [
            { seatNo: 12, price: 150 },
            { seatNo: 3, price: 0 },
            { seatNo: 7, price: 90 },
          ],
        })
        .match(keep, unexpected)
      expect(schedule).toMatchObject({ startsAt: new Date('2030-05-01T10:00:00Z'), seatCount: 3 })
      const map = await box.catalog.listSeats({ scheduleId: schedule.scheduleId }).match(keep, unexpected)
      expect(map.seats).toEqual([
        { seatNo: 3, price: 0, row: null, status: 'AVAILABLE' },
        { seatNo: 7, price: 90, row: null, status: 'AVAILABLE' },
        { seatNo: 12, price: 150, row: null, status: 'AVAILABLE' },
      ])
    })

    scenario('adding a schedule to a missing concert is ConcertNotFound', async ({ box }) => {
      const error = await box.catalog
        .addSchedule({ concertId: 'concert-missing', startsAt: '2030-05-01T19:00:00Z', seats: 3, price: 10 })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'ConcertNotFound', concertId: 'concert-missing' })
    })

    scenario('listDates lists schedules by start time, then by id, with their available seats', async ({ box }) => {
      const { concertId, scheduleId: june } = await openSale(box, { startsAt: '2030-06-01T19:00:00Z', seats: 4 })
      const may = await addDate(box, concertId, { startsAt: '2030-05-01T19:00:00Z', seats: 2 })
      const juneToo = await addDate(box, concertId, { startsAt: '2030-06-01T19:00:00Z', seats: 1 })
      const other = await openSale(box, { title: 'Other' })
      const dates = await box.catalog.listDates({ concertId }).match(keep, unexpected)
      const sameInstant = [june, juneToo].sort()
      expect(dates.map((d) => d.scheduleId)).toEqual([may, ...sameInstant])
      expect(dates.map((d) => d.availableSeats)).toEqual([2, ...sameInstant.map((id) => (id === june ? 4 : 1))])
      expect(dates[0]).toEqual({
        scheduleId: may,
        concertId,
        startsAt: new Date('2030-05-01T19:00:00Z'),
        seatCount: 2,
        status: 'SCHEDULED',
        availableSeats: 2,
      })
      expect(dates.map((d) => d.scheduleId)).not.toContain(other.scheduleId)
    })

    scenario(
      'listDates of a concert without schedules is empty; of a missing concert, ConcertNotFound',
      async ({ box }) => {
        const concert = await box.catalog.createConcert({ title: 'Gala' }).match(keep, unexpected)
        expect(await box.catalog.listDates({ concertId: concert.concertId }).match(keep, unexpected)).toEqual([])
        const error = await box.catalog.listDates({ concertId: 'concert-missing' }).match(unexpected, keep)
        expect(error).toMatchObject({ type: 'ConcertNotFound', concertId: 'concert-missing' })
      },
    )

    scenario('listSeats of a missing schedule is ScheduleNotFound', async ({ box }) => {
      const error = await box.catalog.listSeats({ scheduleId: 'schedule-missing' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'ScheduleNotFound', scheduleId: 'schedule-missing' })
    })
  })

  describe('catalog: seat status and availability', () => {
    scenario(
      'a seat is HELD while held, SOLD once paid, and AVAILABLE again after a release or an expiry',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 4, price: 100 })
        const [t1, t2, t3] = await admitUsers(box, concertId, ['u1', 'u2', 'u3'])
        await fund(box, 'u1', 100)
        const paid = await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 1 })
        const released = await holdSeat(box, { userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 2 })
        await holdSeat(box, { userId: 'u3', token: t3 ?? '', scheduleId, seatNo: 3 })
        expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'HELD', 'HELD', 'AVAILABLE'])
        const available = async (): Promise<number | undefined> =>
          (await box.catalog.listDates({ concertId }).match(keep, unexpected))[0]?.availableSeats
        expect(await available()).toBe(1)

        await box.payments
          .pay({ userId: 'u1', token: t1 ?? '', holdId: paid, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        await box.holds.release({ userId: 'u2', holdId: released }).match(keep, unexpected)
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'HELD', 'AVAILABLE'])
        expect(await available()).toBe(2)

        clock.advance(5 * 60_000) // seat 3's hold runs out; no sweeper has run
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
        expect(await available()).toBe(3)
        await box.holds.expire().match(keep, unexpected)
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
      },
    )
  })
}
