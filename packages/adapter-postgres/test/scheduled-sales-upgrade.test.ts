import { createBoxOffice, createManualClock } from '@boxoffice/core'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { createReleaseSchema } from './support/release-data.js'
import { createTestPool } from './support/test-database.js'

const pool = createTestPool(5)
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
  await pool.end()
})

const at = (iso: string): Date => new Date(iso)

describe('migration 0005 on a 0.1.0 database', () => {
  it('keeps every line of 0.1.0 on sale with its ranks, then takes pause, limits and a scheduled sale', async () => {
    const release = await createReleaseSchema(pool, 'bo_presale')
    drops.push(release.drop)
    const { schema } = release
    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toContain('0005_scheduled_sales.sql')
    const clock = createManualClock(at('2030-01-01T09:06:10.000Z'))
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema }),
      booking: createPostgresBookingStore({ pool, schema }),
      clock,
      policy: { queue: { maxActive: 9 } },
    })

    // 0.1.0's lines: no window, unpaused, ranks and tokens as they were
    const line = (await box.queue.line({ concertId: 'concert-0001' }))._unsafeUnwrap()
    expect(line).toEqual({
      concertId: 'concert-0001',
      salesOpenAt: null,
      salesCloseAt: null,
      opened: false,
      paused: false,
      maxActive: null,
      admitPerTick: null,
    })
    const kim = (await box.queue.status({ token: 'concert-0001~token-0038' }))._unsafeUnwrap()
    expect(kim).toMatchObject({ status: 'WAITING', rank: 2, salesOpenAt: null })
    const fay = await box.queue.authorize({ userId: 'fay', token: 'concert-0001~token-0011' })
    expect(fay._unsafeUnwrap().status).toBe('ACTIVE')

    // a line already on sale with people in it keeps its opening
    const refused = await box.catalog.scheduleSale({
      concertId: 'concert-0001',
      salesOpenAt: at('2030-01-02T00:00:00Z'),
    })
    expect(refused._unsafeUnwrapErr().type).toBe('SaleAlreadyOpen')

    // pause, then live limits, on the upgraded line
    ;(await box.queue.pause({ concertId: 'concert-0001' }))._unsafeUnwrap()
    expect((await box.queue.admit({ concertId: 'concert-0001' }))._unsafeUnwrap().admitted).toBe(0)
    ;(await box.queue.resume({ concertId: 'concert-0001' }))._unsafeUnwrap()
    ;(await box.queue.setLimits({ concertId: 'concert-0001', maxActive: 8 }))._unsafeUnwrap()
    // seven ACTIVE tokens of 0.1.0 are still live: one more fits under the new limit of eight
    expect((await box.queue.admit({ concertId: 'concert-0001' }))._unsafeUnwrap()).toMatchObject({
      admitted: 1,
      active: 8,
      waiting: 1,
    })

    // a new concert scheduled on the upgraded schema gathers a pre-queue and opens it
    const gala = (
      await box.catalog.createConcert({ title: 'Encore', salesOpenAt: at('2030-01-01T10:00:00Z') })
    )._unsafeUnwrap()
    const early = (await box.queue.enter({ userId: 'ada', concertId: gala.concertId }))._unsafeUnwrap()
    expect(early).toMatchObject({ status: 'PRE_QUEUED', rank: null, salesOpenAt: at('2030-01-01T10:00:00Z') })
    clock.set(at('2030-01-01T10:00:00Z'))
    ;(await box.queue.admit({ concertId: gala.concertId }))._unsafeUnwrap()
    expect((await box.queue.status({ token: early.token }))._unsafeUnwrap().status).toBe('ACTIVE')
  })
})
