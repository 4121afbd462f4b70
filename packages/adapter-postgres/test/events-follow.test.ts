import { createBoxOffice, type BoxOfficeEvent } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, createPostgresQueueStore } from '../src/index.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

const WRITERS = 20
const ROUNDS = 4
const EVENTS_PER_TRANSACTION = 3

const pool = createTestPool(WRITERS + 4)
let db: TestSchema
beforeAll(async () => {
  db = await createTestSchema(pool, 'bo_events_follow')
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One writer's transaction: it takes its xid with its first row, then (for
 * some writers) sleeps inside the transaction before COMMIT, so transactions
 * that began writing earlier commit later, out of xid order; every fifth
 * rolls back. Answers the entry ids it committed.
 */
async function writeTransaction(schema: string, writer: number, round: number): Promise<string[]> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const entries: string[] = []
    for (let i = 0; i < EVENTS_PER_TRANSACTION; i++) {
      const entryId = `w${writer}-r${round}-e${i}`
      await client.query(
        `INSERT INTO "${schema}".ledger_entries (entry_id, user_id, kind, amount, balance_after, at)
         VALUES ($1, $2, 'CHARGE', 1, 1, now())`,
        [entryId, `writer-${writer}`],
      )
      entries.push(entryId)
    }
    // Early writers wait longest: their smaller xids commit after larger ones.
    if (writer % 2 === 0) await client.query('SELECT pg_sleep($1)', [((WRITERS - writer) * 7) / 1000])
    if ((writer + round) % 5 === 0) {
      await client.query('ROLLBACK')
      return []
    }
    await client.query('COMMIT')
    return entries
  } finally {
    client.release()
  }
}

describe('following the Postgres outbox', () => {
  it('a reader following the cursor while 20 writers commit out of order skips no event and sees none twice', async () => {
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema: db.schema }),
      booking: createPostgresBookingStore({ pool, schema: db.schema }),
    })
    const seen: BoxOfficeEvent[] = []
    let writing = true
    let expected = Number.POSITIVE_INFINITY
    const follow = (async () => {
      let after: string | undefined
      const deadline = Date.now() + 60_000
      while (Date.now() < deadline && (writing || seen.length < expected)) {
        const page = (await box.events.read({ stream: 'booking', after, limit: 7, waitMs: 500 }))._unsafeUnwrap()
        seen.push(...page.events)
        after = page.cursor ?? undefined
      }
    })()

    const committed: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const writers = Array.from({ length: WRITERS }, (_, writer) =>
        pause(writer % 3).then(() => writeTransaction(db.schema, writer, round)),
      )
      for (const entries of await Promise.all(writers)) committed.push(...entries)
    }
    expected = committed.length
    writing = false
    await follow

    const entryIds = seen.map((event) => (event.type === 'WalletCharged' ? event.data.entryId : event.type))
    expect(new Set(entryIds).size).toBe(entryIds.length)
    expect([...entryIds].sort()).toEqual([...committed].sort())
    const ids = seen.map((event) => event.id)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    // Rolled-back transactions left nothing, and the outbox holds exactly what was committed.
    const stored = await pool.query(`SELECT count(*)::int AS n FROM "${db.schema}".events`)
    expect(stored.rows[0]).toEqual({ n: committed.length })
  }, 120_000)
})
