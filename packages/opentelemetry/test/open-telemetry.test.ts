import { context, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import type { Histogram } from '@opentelemetry/sdk-metrics'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice, createManualClock, createScheduler, type BoxOffice } from '@boxoffice/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createOpenTelemetryInstrumentation } from '../src/index.js'
import { inMemorySdk, type InMemorySdk } from './support/in-memory-sdk.js'

const clock = createManualClock(new Date('2030-01-01T10:00:00Z'))

/** A concert with one 80-point date, and the box over memory stores, instrumented. */
async function saleOn(sdk: InMemorySdk): Promise<{ box: BoxOffice; concertId: string; scheduleId: string }> {
  const instrumentation = createOpenTelemetryInstrumentation(sdk)
  const box = createBoxOffice({ ...createMemoryStores(), clock, instrumentation })
  const { concertId } = (await box.catalog.createConcert({ title: 'Spring Gala' }))._unsafeUnwrap()
  const { scheduleId } = (
    await box.catalog.addSchedule({ concertId, startsAt: '2030-05-01T19:00:00Z', seats: 10, price: 80 })
  )._unsafeUnwrap()
  return { box, concertId, scheduleId }
}

/** Enters, gets admitted and holds `seatNo`: answers the token and the hold id. */
async function holdSeat(box: BoxOffice, userId: string, concertId: string, scheduleId: string, seatNo: number) {
  const { token } = (await box.queue.enter({ userId, concertId }))._unsafeUnwrap()
  await box.queue.admit({ concertId })
  const hold = await box.holds.hold({ userId, token, scheduleId, seatNo })
  return { token, hold }
}

describe('OpenTelemetry instrumentation', () => {
  let sdk: InMemorySdk
  beforeAll(() => {
    // What an SDK set-up registers: spans then nest across awaits.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  })
  afterAll(() => {
    context.disable()
  })
  beforeEach(() => {
    sdk = inMemorySdk()
  })
  afterEach(() => sdk.shutdown())

  it('a purchase leaves a span per facade call, about its concert and schedule, and counts the hold and the payment', async () => {
    const { box, concertId, scheduleId } = await saleOn(sdk)
    const { token, hold } = await holdSeat(box, 'ada', concertId, scheduleId, 7)
    await box.wallet.charge({ userId: 'ada', amount: 100 })
    const paid = await box.payments.pay({
      userId: 'ada',
      token,
      holdId: hold._unsafeUnwrap().holdId,
      idempotencyKey: 'checkout-1',
    })
    expect(paid.isOk()).toBe(true)

    const spans = sdk.spans()
    expect(spans.map((span) => span.name)).toEqual([
      'boxoffice.catalog.createConcert',
      'boxoffice.catalog.addSchedule',
      'boxoffice.queue.enter',
      'boxoffice.queue.admit',
      'boxoffice.holds.hold',
      'boxoffice.wallet.charge',
      'boxoffice.payments.pay',
    ])
    const holdSpan = spans.find((span) => span.name === 'boxoffice.holds.hold')
    expect(holdSpan?.attributes).toMatchObject({
      'boxoffice.concert.id': concertId,
      'boxoffice.schedule.id': scheduleId,
    })
    expect(holdSpan?.status.code).toBe(SpanStatusCode.UNSET)
    const concert = { 'boxoffice.concert.id': concertId }
    expect(await sdk.value('boxoffice.holds.placed', concert)).toBe(1)
    expect(await sdk.value('boxoffice.payments', concert)).toBe(1)
    expect(await sdk.value('boxoffice.payments.amount', concert)).toBe(80)
    expect(await sdk.value('boxoffice.calls', { 'boxoffice.call': 'payments.pay', 'boxoffice.outcome': 'ok' })).toBe(1)
  })

  it('an error answer marks its span ERROR with the error type and is counted by type', async () => {
    const { box, concertId, scheduleId } = await saleOn(sdk)
    await holdSeat(box, 'ada', concertId, scheduleId, 3)
    const taken = await holdSeat(box, 'bob', concertId, scheduleId, 3)
    expect(taken.hold._unsafeUnwrapErr().type).toBe('SeatUnavailable')
    await box.wallet.charge({ userId: 'bob', amount: -1 })

    const failed = sdk.spans().filter((span) => span.status.code === SpanStatusCode.ERROR)
    expect(failed.map((span) => [span.name, span.status.message, span.attributes['error.type']])).toEqual([
      ['boxoffice.holds.hold', 'SeatUnavailable', 'SeatUnavailable'],
      ['boxoffice.wallet.charge', 'ValidationFailed', 'ValidationFailed'],
    ])
    const byType = (call: string, type: string) => ({
      'boxoffice.call': call,
      'boxoffice.outcome': type,
      'error.type': type,
    })
    expect(await sdk.value('boxoffice.errors', byType('holds.hold', 'SeatUnavailable'))).toBe(1)
    expect(await sdk.value('boxoffice.errors', byType('wallet.charge', 'ValidationFailed'))).toBe(1)
    expect(await sdk.value('boxoffice.calls', byType('holds.hold', 'SeatUnavailable'))).toBe(1)
    expect(await sdk.value('boxoffice.holds.placed', { 'boxoffice.concert.id': concertId })).toBe(1)
  })

  it('admit ticks report the line and the active count per concert, and how many each tick admitted', async () => {
    const instrumentation = createOpenTelemetryInstrumentation(sdk)
    const box = createBoxOffice({
      ...createMemoryStores(),
      clock,
      instrumentation,
      policy: { queue: { maxActive: 2, admitPerTick: 2 } },
    })
    for (const userId of ['u1', 'u2', 'u3', 'u4', 'u5']) await box.queue.enter({ userId, concertId: 'gala' })
    await box.queue.enter({ userId: 'u1', concertId: 'opera' })
    await createScheduler(box, { intervalMs: 1_000, instrumentation }).tick()

    const gala = { 'boxoffice.concert.id': 'gala' }
    expect(await sdk.value('boxoffice.queue.waiting', gala)).toBe(3)
    expect(await sdk.value('boxoffice.queue.active', gala)).toBe(2)
    expect(await sdk.value('boxoffice.queue.active', { 'boxoffice.concert.id': 'opera' })).toBe(1)
    const admitted = (await sdk.points('boxoffice.queue.admitted')).find(
      (point) => point.attributes['boxoffice.concert.id'] === 'gala',
    )
    expect(admitted?.value as Histogram).toMatchObject({ count: 1, sum: 2 })
  })

  it('a scheduler tick is one span holding the calls it made, and expired holds are counted', async () => {
    const { box, concertId, scheduleId } = await saleOn(sdk)
    await holdSeat(box, 'ada', concertId, scheduleId, 1)
    clock.advance(box.policy.hold.ttlMs + 1)
    const instrumentation = createOpenTelemetryInstrumentation(sdk)
    await createScheduler(box, { intervalMs: 1_000, instrumentation }).tick()

    const spans = sdk.spans()
    const tick = spans.find((span) => span.name === 'boxoffice.scheduler.tick')
    expect(tick?.attributes).toMatchObject({ 'boxoffice.tick.expired_holds': 1 })
    const children = spans.filter((span) => span.parentSpanContext?.spanId === tick?.spanContext().spanId)
    expect(children.map((span) => span.name)).toEqual([
      'boxoffice.queue.concerts',
      'boxoffice.queue.admit',
      'boxoffice.holds.expire',
      'boxoffice.catalog.pendingCancellations',
    ])
    expect(await sdk.value('boxoffice.holds.expired', {})).toBe(1)
  })

  it('store calls are timed by port method and outcome', async () => {
    const { box, concertId, scheduleId } = await saleOn(sdk)
    await holdSeat(box, 'ada', concertId, scheduleId, 2)
    await holdSeat(box, 'bob', concertId, scheduleId, 2)
    const points = await sdk.points('boxoffice.store.duration')
    const count = (call: string, outcome: string): number =>
      (
        points.find((p) => p.attributes['boxoffice.call'] === call && p.attributes['boxoffice.outcome'] === outcome)
          ?.value as Histogram | undefined
      )?.count ?? 0
    expect(count('booking.holdSeat', 'ok')).toBe(1)
    expect(count('booking.holdSeat', 'SeatUnavailable')).toBe(1)
    expect(count('queue.authorize', 'ok')).toBe(2)
    expect(count('queue.enter', 'ok')).toBe(2)
  })

  it('without an SDK registered the calls answer exactly as they do uninstrumented', async () => {
    const plain = createBoxOffice({ ...createMemoryStores(), clock, ids: sequentialIds() })
    const instrumented = createBoxOffice({
      ...createMemoryStores(),
      clock,
      ids: sequentialIds(),
      instrumentation: createOpenTelemetryInstrumentation(),
    })
    const run = async (box: BoxOffice) => [
      await box.catalog.createConcert({ title: 'Gala' }),
      await box.queue.enter({ userId: 'u1', concertId: 'c1' }),
      await box.queue.admit({ concertId: 'c1' }),
      await box.wallet.charge({ userId: 'u1', amount: 0 }),
      await box.holds.release({ userId: 'u1', holdId: 'h1' }),
    ]
    expect(await run(instrumented)).toEqual(await run(plain))
  })
})

function sequentialIds(): (kind: string) => string {
  let next = 0
  return (kind) => `${kind}-${++next}`
}
