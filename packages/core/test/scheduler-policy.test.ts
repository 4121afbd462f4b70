import { okAsync, ResultAsync } from 'neverthrow'
import { describe, expect, it } from 'vitest'
import { createScheduler, defaultPolicy, resolvePolicy, type BoxOffice } from '../src/index.js'

/** A box whose calls are counted and whose admit can be held open. */
function fakeBox(admit: () => Promise<void>): { box: BoxOffice; calls: string[] } {
  const calls: string[] = []
  const box = {
    queue: {
      concerts: () => okAsync(['c1', 'c2']),
      admit: ({ concertId }: { concertId: string }) => {
        calls.push(`admit:${concertId}`)
        return ResultAsync.fromSafePromise(admit()).andThen(() =>
          okAsync({ concertId, admitted: 1, expired: 0, dropped: 0, active: 1, waiting: 0 }),
        )
      },
    },
    holds: {
      expire: () => {
        calls.push('expire')
        return okAsync(2)
      },
    },
    catalog: {
      pendingCancellations: () => okAsync(['s1']),
      cancelSchedule: ({ scheduleId, limit }: { scheduleId: string; limit: number }) => {
        calls.push(`cancel:${scheduleId}:${limit}`)
        return okAsync({ scheduleId, released: 0, refunded: 3, remaining: 0 })
      },
    },
    policy: defaultPolicy,
  } as unknown as BoxOffice
  return { box, calls }
}

describe('createScheduler', () => {
  it('a tick admits every concert with people in line, sweeps holds, then refunds a batch of each cancelled date', async () => {
    const { box, calls } = fakeBox(async () => {})
    const report = await createScheduler(box, { intervalMs: 1000 }).tick()
    expect(calls).toEqual(['admit:c1', 'admit:c2', 'expire', `cancel:s1:${defaultPolicy.refund.cancelBatch}`])
    expect(report.admits.map((a) => a.concertId)).toEqual(['c1', 'c2'])
    expect(report.expiredHolds).toBe(2)
    expect(report.cancelRefunds).toBe(3)
  })

  it('stop() waits for the tick in flight to finish', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const { box, calls } = fakeBox(() => gate)
    const scheduler = createScheduler(box, { intervalMs: 1 })
    scheduler.start()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(calls).toEqual(['admit:c1'])
    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stopped).toBe(false)
    release()
    await stopping
    expect(calls).toEqual(['admit:c1', 'admit:c2', 'expire', 'cancel:s1:500'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(calls).toHaveLength(4)
  })

  it('two tick() calls at once share one run', async () => {
    const { box, calls } = fakeBox(async () => {})
    const scheduler = createScheduler(box, { intervalMs: 1000 })
    await Promise.all([scheduler.tick(), scheduler.tick()])
    expect(calls).toHaveLength(4)
  })

  it('reports store errors to onError and keeps going', async () => {
    const errors: string[] = []
    const box = {
      queue: {
        concerts: () =>
          ResultAsync.fromPromise(Promise.reject(new Error('down')), () => ({
            type: 'StoreUnavailable',
            message: 'down',
            cause: null,
          })),
      },
      holds: { expire: () => okAsync(0) },
      catalog: { pendingCancellations: () => okAsync([]) },
      policy: defaultPolicy,
    } as unknown as BoxOffice
    const report = await createScheduler(box, { intervalMs: 1000, onError: (e) => errors.push(e.type) }).tick()
    expect(errors).toEqual(['StoreUnavailable'])
    expect(report).toEqual({ admits: [], expiredHolds: 0, cancelRefunds: 0 })
  })
})

describe('policy', () => {
  it('defaults follow the specification', () => {
    expect(defaultPolicy).toMatchObject({
      queue: { maxActive: 100, admitPerTick: 100, activeTtlMs: 600_000, waitingIdleTtlMs: 120_000 },
      hold: { ttlMs: 300_000, maxPerUser: 4 },
      charge: { maxAmount: 1_000_000, maxBalance: 100_000_000 },
    })
  })

  it('overrides merge onto the defaults, and a malformed policy is refused at start-up', () => {
    expect(resolvePolicy({ hold: { ttlMs: 1000 } }).hold).toEqual({ ...defaultPolicy.hold, ttlMs: 1000 })
    expect(() => resolvePolicy({ queue: { maxActive: 0 } })).toThrow(/maxActive/)
    expect(() => resolvePolicy({ charge: { maxAmount: 1.5 } })).toThrow(/maxAmount/)
  })
})
