import { createBoxOffice, createManualClock, type BoxOffice, type BoxOfficeEvent } from '@boxoffice/core'
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

async function booking(box: BoxOffice): Promise<readonly BoxOfficeEvent[]> {
  return (await box.events.read({ stream: 'booking', limit: 100 }))._unsafeUnwrap().events
}

describe('migration 0008 on a database with data', () => {
  it('starts an empty outbox, and every change after the upgrade, to old rows too, writes its event', async () => {
    const release = await createReleaseSchema(pool, 'bo_events_upgrade')
    drops.push(release.drop)
    const { schema } = release
    // The previous release's schema, with its data, then this one.
    ;(await migrate(pool, { schema, toVersion: 5 }))._unsafeUnwrap()
    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toContain('0008_events.sql')
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema }),
      booking: createPostgresBookingStore({ pool, schema }),
      clock: createManualClock(new Date('2030-01-01T09:07:00.000Z')),
    })
    expect(await booking(box)).toEqual([])

    // hold-0034 (fay, HELD) was placed before the upgrade; ada's wallet too.
    ;(await box.holds.release({ userId: 'fay', holdId: 'hold-0034' }))._unsafeUnwrap()
    ;(await box.wallet.charge({ userId: 'ada', amount: 10 }))._unsafeUnwrap()
    expect(await booking(box)).toEqual([
      {
        id: expect.any(String),
        type: 'HoldReleased',
        at: expect.any(Date),
        concertId: 'concert-0001',
        scheduleId: 'schedule-0004',
        userId: 'fay',
        data: { holdId: 'hold-0034', seatNos: [3] },
      },
      {
        id: expect.any(String),
        type: 'WalletCharged',
        at: new Date('2030-01-01T09:07:00.000Z'),
        userId: 'ada',
        data: { entryId: expect.any(String), amount: 10, balance: 450 },
      },
    ])
  })
})
