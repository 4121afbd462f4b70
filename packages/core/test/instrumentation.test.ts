import { errAsync, okAsync, type ResultAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import {
  createBoxOffice,
  createScheduler,
  storeConflict,
  storeUnavailable,
  type BookingStore,
  type CallWrapper,
  type Instrumentation,
  type Logger,
  type QueueStore,
} from '../src/index.js'

const token = 'c1~00000000-0000-4000-8000-000000000000'
const admitted = { token, userId: 'u1', concertId: 'c1', status: 'ACTIVE' }
const report = { concertId: 'c1', admitted: 2, expired: 0, dropped: 0, active: 2, waiting: 3 }

/** Stores answering from a table of canned results; a missing method fails as a dead store would. */
function cannedStores(answers: Record<string, () => ResultAsync<unknown, { type: string }>>): {
  queue: QueueStore
  booking: BookingStore
} {
  const store = <T extends object>(): T =>
    new Proxy({} as T, {
      get: (_target, method: string) => answers[method] ?? (() => errAsync(storeUnavailable(new Error('refused')))),
    })
  return { queue: store<QueueStore>(), booking: store<BookingStore>() }
}

/** An instrumentation that records each call's start and end, in order. */
function recorder(): { instrumentation: Required<Instrumentation>; events: string[] } {
  const events: string[] = []
  const wrap: CallWrapper = (call, run) => {
    events.push(`${call.kind} ${call.name} start`)
    const result = run()
    void result.then((settled) =>
      events.push(`${call.kind} ${call.name} ${settled.isOk() ? 'ok' : settled.error.type}`),
    )
    return result
  }
  return { instrumentation: { facade: wrap, store: wrap, tick: wrap }, events }
}

/** A logger that keeps its lines. */
function memoryLogger(): { logger: Logger; lines: { level: string; details: object; message: string }[] } {
  const lines: { level: string; details: object; message: string }[] = []
  const at =
    (level: string) =>
    (details: object, message: string): void => {
      lines.push({ level, details, message })
    }
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines }
}

describe('instrumentation', () => {
  it('a facade call and the store calls it makes each pass through their wrapper, results unchanged', async () => {
    const { instrumentation, events } = recorder()
    const stores = cannedStores({
      authorize: () => okAsync(admitted),
      holdSeat: () => okAsync({ holdId: 'h1', seatNo: 7 }),
    })
    const box = createBoxOffice({ ...stores, instrumentation })
    const hold = await box.holds.hold({ userId: 'u1', token, scheduleId: 's1', seatNo: 7 })
    expect(hold._unsafeUnwrap()).toEqual({ holdId: 'h1', seatNo: 7 })
    expect(events).toEqual([
      'facade holds.hold start',
      'store queue.authorize start',
      'store queue.authorize ok',
      'store booking.holdSeat start',
      'store booking.holdSeat ok',
      'facade holds.hold ok',
    ])
  })

  it('the wrapper sees the caller input and the error type of a failed call', async () => {
    const seen: { name: string; input: unknown; outcome: string }[] = []
    const facade: CallWrapper = (call, run) => {
      const result = run()
      void result.then((settled) =>
        seen.push({ name: call.name, input: call.input, outcome: settled.isOk() ? 'ok' : settled.error.type }),
      )
      return result
    }
    const box = createBoxOffice({ ...cannedStores({}), instrumentation: { facade } })
    await box.queue.admit({ concertId: 'c1' })
    await box.wallet.charge({ userId: 'u1', amount: -5 })
    expect(seen).toEqual([
      { name: 'queue.admit', input: { concertId: 'c1' }, outcome: 'StoreUnavailable' },
      { name: 'wallet.charge', input: { userId: 'u1', amount: -5 }, outcome: 'ValidationFailed' },
    ])
  })

  it('every group of the facade is observed, policy and clock are left as they are', async () => {
    const { instrumentation, events } = recorder()
    const box = createBoxOffice({ ...cannedStores({}), instrumentation })
    const groups = Object.keys(box).filter((key) => key !== 'policy' && key !== 'clock')
    expect(groups.sort()).toEqual(['catalog', 'events', 'holds', 'payments', 'queue', 'wallet'])
    await box.catalog.listConcerts()
    await box.holds.expire()
    await box.wallet.balance({ userId: 'u1' })
    await box.payments.pay({ userId: 'u1', token, holdId: 'h1', idempotencyKey: 'k1' })
    await box.queue.concerts()
    const facadeCalls = events.filter((event) => event.startsWith('facade') && event.endsWith('start'))
    expect(facadeCalls).toEqual([
      'facade catalog.listConcerts start',
      'facade holds.expire start',
      'facade wallet.balance start',
      'facade payments.pay start',
      'facade queue.concerts start',
    ])
    expect(Object.keys(box.holds).sort()).toEqual(['expire', 'extend', 'hold', 'holdBest', 'release'])
    const { expire } = box.holds
    await expire()
    expect(events).toContain('facade holds.expire start')
    expect(box.clock.now()).toBeInstanceOf(Date)
    expect(box.policy.hold.ttlMs).toBeGreaterThan(0)
    expect(Object.isFrozen(box)).toBe(true)
  })

  it('a scheduler tick runs inside the tick wrapper, around the calls it makes', async () => {
    const { instrumentation, events } = recorder()
    const stores = cannedStores({
      concerts: () => okAsync(['c1']),
      admit: () => okAsync(report),
      expireHolds: () => okAsync(1),
    })
    const box = createBoxOffice(stores)
    await createScheduler(box, { intervalMs: 1_000, instrumentation }).tick()
    expect(events).toEqual(['tick scheduler.tick start', 'tick scheduler.tick ok'])
  })
})

describe('the logger', () => {
  it('logs a store call that answers StoreUnavailable as an error with the driver cause', async () => {
    const { logger, lines } = memoryLogger()
    const cause = new Error('connection refused')
    const box = createBoxOffice({
      ...cannedStores({ balance: () => errAsync(storeUnavailable(cause)) }),
      logger,
    })
    expect((await box.wallet.balance({ userId: 'u1' }))._unsafeUnwrapErr().type).toBe('StoreUnavailable')
    expect(lines).toEqual([
      {
        level: 'error',
        details: { call: 'booking.balance', errorType: 'StoreUnavailable', err: cause },
        message: 'booking.balance: the store is unavailable: connection refused',
      },
    ])
  })

  it('logs StoreConflict as a warning and leaves answers such as ValidationFailed or SeatUnavailable alone', async () => {
    const { logger, lines } = memoryLogger()
    const box = createBoxOffice({
      ...cannedStores({
        authorize: () => okAsync(admitted),
        holdSeat: () => errAsync({ type: 'SeatUnavailable', message: 'taken', scheduleId: 's1', seatNo: 7 }),
        charge: () => errAsync(storeConflict()),
      }),
      logger,
    })
    await box.holds.hold({ userId: 'u1', token, scheduleId: 's1', seatNo: 7 })
    await box.wallet.charge({ userId: 'u1', amount: -1 })
    await box.wallet.charge({ userId: 'u1', amount: 10 })
    expect(lines.map((line) => [line.level, line.details])).toEqual([
      ['warn', { call: 'booking.charge', errorType: 'StoreConflict' }],
    ])
  })

  it('the scheduler logs each tick at debug and each failed call in it as a warning', async () => {
    const { logger, lines } = memoryLogger()
    const cause = new Error('timeout')
    const box = createBoxOffice(
      cannedStores({
        concerts: () => okAsync(['c1', 'c2']),
        admit: () => okAsync(report),
        expireHolds: () => errAsync(storeUnavailable(cause)),
        pendingCancellations: () => okAsync([]),
      }),
    )
    await createScheduler(box, { intervalMs: 1_000, logger }).tick()
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['warn', 'scheduler tick: holds.expire failed: the store is unavailable: timeout'],
      ['debug', 'scheduler tick'],
    ])
    expect(lines[0]?.details).toEqual({ call: 'holds.expire', errorType: 'StoreUnavailable', err: cause })
    expect(lines[1]?.details).toMatchObject({ concerts: 2, admitted: 4, waiting: 6, active: 4, expiredHolds: 0 })
  })
})
