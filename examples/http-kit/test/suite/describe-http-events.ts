import { connect } from 'node:net'
import type { BoxOfficeEvent } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventStreamEnd } from '../../src/index.ts'
import { openStream, type StreamMessage } from './event-stream-client.ts'
import { admittedBuyer, charge, createConcert, expectStatus, holdSeat, newUser, type TestConcert } from './scenario.ts'
import { startHarness, type CreateApp, type Harness } from './server-harness.ts'
import type { MakeStores } from './test-stores.ts'

/** Small bounds, so the test sees a heartbeat and a slow client's drop quickly. */
const HEARTBEAT_MS = 100
const MAX_BUFFERED_BYTES = 64 * 1024
const MAX_STALL_MS = 500

type Data = { type: string; id: string; userId?: string; data: Record<string, unknown> }
const dataOf = (message: StreamMessage): Data => message.data as Data
const typesOf = (messages: readonly StreamMessage[]): string[] => messages.map((message) => dataOf(message).type)

/** Every event of the schedule's stream after `after`, as the store has them. */
async function storedAfter(h: Harness, scheduleId: string, after: string): Promise<BoxOfficeEvent[]> {
  const page = await h.box.events.read({ stream: `booking:schedule:${scheduleId}`, after, limit: 1000 })
  return page._unsafeUnwrap().events as BoxOfficeEvent[]
}

/**
 * `GET /events` of an example server: Server-Sent Events of a date's seats,
 * resumable with `Last-Event-ID`, with heartbeats, per-viewer visibility, a
 * bound on what a slow client may leave unread, and an end when the server
 * stops.
 *
 * @example
 * ```ts
 * describeHttpEvents('the Fastify server', { createApp, makeStores: memoryStores })
 * ```
 */
export function describeHttpEvents(name: string, setup: { createApp: CreateApp; makeStores: MakeStores }): void {
  describe(`${name}: GET /events`, () => {
    let h: Harness
    let concert: TestConcert
    const ends: EventStreamEnd[] = []
    const buffered: number[] = []

    beforeAll(async () => {
      h = await startHarness(setup.createApp, setup.makeStores, {
        events: {
          heartbeatMs: HEARTBEAT_MS,
          maxBufferedBytes: MAX_BUFFERED_BYTES,
          maxStallMs: MAX_STALL_MS,
          waitMs: 1_000,
          onEnd: ({ reason, bufferedBytes }) => {
            ends.push(reason)
            buffered.push(bufferedBytes)
          },
        },
      })
      concert = await createConcert(h, { seats: 50 })
    })
    afterAll(() => h.stop())

    const scheduleOf = (): string => concert.scheduleIds[0] as string
    const eventsUrl = (query: string): string => `${h.url}/events?${query}`

    it('streams a date’s seat events as text/event-stream, with an id line carrying the cursor', async () => {
      const buyer = await admittedBuyer(h, concert.concertId)
      const stream = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`))
      expect(stream.status).toBe(200)
      expect(stream.contentType).toMatch(/^text\/event-stream/)
      const hold = await holdSeat(h, buyer, scheduleOf(), 1)
      await stream.waitFor((messages) => messages.some((m) => dataOf(m).data['seatNos']?.toString() === '1'))
      const placed = stream.messages.find((m) => dataOf(m).type === 'HoldPlaced')
      expect(placed?.id).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/)
      expect(dataOf(placed as StreamMessage).id).toBe(placed?.id)
      expect(dataOf(placed as StreamMessage).data).toEqual({ seatNos: [1], expiresAt: hold.expiresAt })
      stream.close()
    })

    it('resumes with Last-Event-ID: what happened while disconnected arrives once, nothing twice', async () => {
      const buyer = await admittedBuyer(h, concert.concertId)
      const first = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`))
      const hold = await holdSeat(h, buyer, scheduleOf(), 10)
      await first.waitFor((messages) => messages.some((m) => dataOf(m).data['seatNos']?.toString() === '10'))
      const seen = first.lastEventId() as string
      first.close()
      await first.ended

      // While no client listens: a release and two more holds.
      expectStatus(await h.call('DELETE', `/holds/${hold.holdId}`, { headers: buyer.headers }), 204)
      await holdSeat(h, buyer, scheduleOf(), 11)
      await holdSeat(h, buyer, scheduleOf(), 12)
      const missed = await storedAfter(h, scheduleOf(), seen)
      expect(missed.map((event) => event.type)).toEqual(['HoldReleased', 'HoldPlaced', 'HoldPlaced'])

      const resumed = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`), { 'last-event-id': seen })
      await resumed.waitFor((messages) => messages.length >= missed.length)
      await holdSeat(h, buyer, scheduleOf(), 13)
      await resumed.waitFor((messages) => messages.length >= missed.length + 1)
      const ids = resumed.messages.map((message) => message.id)
      expect(ids.slice(0, missed.length)).toEqual(missed.map((event) => event.id))
      expect(new Set(ids).size).toBe(ids.length)
      expect([...ids].sort()).toEqual(ids)
      expect(ids.every((id) => (id as string) > seen)).toBe(true)
      resumed.close()

      // The same resume by query, for clients that cannot set headers.
      const byQuery = await openStream(eventsUrl(`scheduleId=${scheduleOf()}&after=${seen}`))
      await byQuery.waitFor((messages) => messages.length >= missed.length + 1)
      expect(byQuery.messages.map((message) => message.id)).toEqual(ids)
      byQuery.close()
    })

    it('sends heartbeat comments while nothing happens', async () => {
      const stream = await openStream(eventsUrl(`concertId=${concert.concertId}`))
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 4))
      expect(stream.comments.filter((comment) => comment === 'heartbeat').length).toBeGreaterThanOrEqual(2)
      stream.close()
    })

    it('shows others’ seat events redacted, the viewer’s own whole, and only the viewer’s own wallet events', async () => {
      const viewer = await admittedBuyer(h, concert.concertId)
      const other = await admittedBuyer(h, concert.concertId)
      const mine = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`), { 'x-user-id': viewer.userId })
      const anonymous = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`))
      const since = mine.messages.length
      const anonymousSince = anonymous.messages.length
      await holdSeat(h, other, scheduleOf(), 20)
      await charge(h, other.userId, 30_000)
      const own = await holdSeat(h, viewer, scheduleOf(), 21)
      await charge(h, viewer.userId, 40_000)
      await mine.waitFor((messages) => typesOf(messages.slice(since)).length >= 3)
      await anonymous.waitFor((messages) => typesOf(messages.slice(anonymousSince)).length >= 2)

      const seen = mine.messages.slice(since).map(dataOf)
      expect(seen.map((event) => event.type)).toEqual(['HoldPlaced', 'HoldPlaced', 'WalletCharged'])
      const [theirs, ownHold, wallet] = seen
      expect(theirs).not.toHaveProperty('userId')
      expect(theirs?.data).toEqual({ seatNos: [20], expiresAt: expect.any(String) })
      expect(ownHold).toMatchObject({ userId: viewer.userId, data: { holdId: own.holdId, seatNos: [21] } })
      expect(ownHold?.data).toHaveProperty('price')
      expect(wallet).toMatchObject({ userId: viewer.userId, data: { amount: 40_000 } })
      expect(JSON.stringify(seen)).not.toContain(other.userId)

      const anonymousSeen = anonymous.messages.slice(anonymousSince).map(dataOf)
      expect(anonymousSeen.map((event) => event.type)).toEqual(['HoldPlaced', 'HoldPlaced'])
      expect(anonymousSeen.every((event) => event.userId === undefined && event.data['holdId'] === undefined)).toBe(
        true,
      )
      mine.close()
      anonymous.close()
    })

    it('refuses a bad query with 400 and an unknown date or concert with 404', async () => {
      const refused = async (query: string, headers: Record<string, string> = {}) => {
        const stream = await openStream(eventsUrl(query), headers)
        await stream.ended
        return { status: stream.status, body: JSON.parse(stream.body) as { error: { type: string } } }
      }
      expect(await refused('')).toMatchObject({ status: 400, body: { error: { type: 'ValidationFailed' } } })
      expect(await refused(`scheduleId=${scheduleOf()}&concertId=${concert.concertId}`)).toMatchObject({
        status: 400,
      })
      expect(await refused(`scheduleId=${scheduleOf()}&after=nope`)).toMatchObject({ status: 400 })
      expect(await refused(`scheduleId=${scheduleOf()}`, { 'last-event-id': 'nope' })).toMatchObject({ status: 400 })
      expect(await refused('scheduleId=s-nowhere')).toMatchObject({
        status: 404,
        body: { error: { type: 'ScheduleNotFound' } },
      })
      expect(await refused('concertId=c-nowhere')).toMatchObject({
        status: 404,
        body: { error: { type: 'ConcertNotFound' } },
      })
    })

    it('drops a client that stops reading (its socket takes nothing for a while), and releases what it left', async () => {
      const { port } = new URL(h.url)
      const socket = connect(Number(port), '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      socket.write(`GET /events?scheduleId=${scheduleOf()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
      socket.pause() // never reads: the kernel's buffers fill, then Node's
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      const dropsBefore = ends.filter((reason) => reason === 'slow').length

      const buyer = await admittedBuyer(h, concert.concertId)
      let cycles = 0
      while (ends.filter((reason) => reason === 'slow').length === dropsBefore && cycles < 40_000) {
        const hold = (
          await h.box.holds.hold({ userId: buyer.userId, token: buyer.token, scheduleId: scheduleOf(), seatNos: [40] })
        )._unsafeUnwrap()
        ;(await h.box.holds.release({ userId: buyer.userId, holdId: hold.holdId }))._unsafeUnwrap()
        cycles++
        if (cycles % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(ends.filter((reason) => reason === 'slow')).toHaveLength(dropsBefore + 1)
      // The stream stopped reading once the socket was full: what was left unsent stayed under the bound.
      const dropped = buffered[ends.lastIndexOf('slow')] as number
      expect(dropped).toBeGreaterThan(0)
      expect(dropped).toBeLessThanOrEqual(MAX_BUFFERED_BYTES)
      // Its socket is gone: reading what the kernel held reaches the end.
      socket.resume()
      await closed
    }, 60_000)

    it('ends open streams when the server stops', async () => {
      const own = await startHarness(setup.createApp, setup.makeStores, { events: { heartbeatMs: 1_000, waitMs: 500 } })
      const ownConcert = await createConcert(own, { seats: 5 })
      const stream = await openStream(`${own.url}/events?concertId=${ownConcert.concertId}`)
      expect(stream.status).toBe(200)
      await own.stop()
      await stream.ended
    })

    it('keeps no stream open for clients that left', async () => {
      const user = newUser()
      const stream = await openStream(eventsUrl(`scheduleId=${scheduleOf()}`), { 'x-user-id': user })
      const before = ends.length
      stream.close()
      await expect.poll(() => ends.slice(before)).toContain('client')
    })
  })
}
