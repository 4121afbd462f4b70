import { resolvePolicy } from '@boxoffice/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresQueueStore } from '../src/index.js'
import { START } from './support/sale-fixture.js'
import { createTestPool, createTestSchema, type TestSchema } from './support/test-database.js'

/*
 * Ranks are answered from per-bucket counts (1,024 seqs a bucket) plus a count
 * inside the token's own bucket. These tests walk a line across several
 * buckets and check every rank, and the counts themselves, after arrivals,
 * departures, admissions and idle drops.
 */

const pool = createTestPool(10)
let db: TestSchema

beforeAll(async () => {
  db = await createTestSchema(pool, 'bo_ranks')
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

const policy = resolvePolicy({ queue: { maxActive: 700, admitPerTick: 700, waitingIdleTtlMs: 60_000 } }).queue
const at = (seconds: number): Date => new Date(START.getTime() + seconds * 1_000)

/** Buckets whose stored count differs from the WAITING tokens they hold. */
async function driftedBuckets(concertId: string): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT coalesce(b.bucket, t.bucket) AS bucket, b.waiting, t.actual
       FROM (SELECT * FROM "${db.schema}".queue_rank_buckets WHERE concert_id = $1) b
       FULL JOIN (SELECT seq / 1024 AS bucket, count(*)::int AS actual FROM "${db.schema}".queue_tokens
                   WHERE concert_id = $1 AND status = 'WAITING' GROUP BY 1) t ON t.bucket = b.bucket
      WHERE coalesce(b.waiting, 0) <> coalesce(t.actual, 0)`,
    [concertId],
  )
  return rows
}

describe('ranks across a long line', () => {
  it('every waiting token is ranked by its place in line after arrivals, departures, admissions and drops', async () => {
    const queue = createPostgresQueueStore({ pool, schema: db.schema })
    const concertId = 'long-line'
    const users = Array.from({ length: 3_000 }, (_, i) => `u${i}`)
    const entered = await Promise.all(
      users.map((userId, i) => queue.enter({ token: `${concertId}~t${i}`, userId, concertId, now: START, policy })),
    )
    // Concurrent arrivals: their order in line is their seq order.
    const tokens = entered.map((position) => position._unsafeUnwrap().token).sort((a, b) => a.seq - b.seq)
    expect(Math.max(...tokens.map((token) => token.seq))).toBeGreaterThan(2 * 1024)

    // Every 7th leaves; a later heartbeat keeps all but every 11th alive.
    const leaving = tokens.filter((_, i) => i % 7 === 3)
    await Promise.all(leaving.map((token) => queue.leave({ token: token.token })))
    const staying = tokens.filter((_, i) => i % 7 !== 3)
    const polled = staying.filter((_, i) => i % 11 !== 5)
    await Promise.all(polled.map((token) => queue.status({ token: token.token, now: at(50), policy })))

    // At 70 s the unpolled ones are idle: the tick drops them, then admits 700.
    const report = (await queue.admit({ concertId, now: at(70), policy }))._unsafeUnwrap()
    expect(report).toMatchObject({ admitted: 700, dropped: staying.length - polled.length })
    expect(await driftedBuckets(concertId)).toEqual([])

    const waiting = polled.slice(700)
    const ranks = await Promise.all(waiting.map((token) => queue.status({ token: token.token, now: at(71), policy })))
    expect(ranks.map((rank) => rank._unsafeUnwrap().rank)).toEqual(waiting.map((_, i) => i + 1))

    // The line empties completely: buckets left behind are swept away.
    await Promise.all(waiting.map((token) => queue.leave({ token: token.token })))
    ;(await queue.admit({ concertId, now: at(72), policy }))._unsafeUnwrap()
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${db.schema}".queue_rank_buckets WHERE concert_id = $1`,
      [concertId],
    )
    expect(rows[0]).toEqual({ n: 0 })
  })

  it('a token that re-enters after going idle is counted once, at the back', async () => {
    const queue = createPostgresQueueStore({ pool, schema: db.schema })
    const concertId = 're-entry'
    for (let i = 0; i < 5; i++) {
      ;(
        await queue.enter({ token: `${concertId}~a${i}`, userId: `u${i}`, concertId, now: START, policy })
      )._unsafeUnwrap()
    }
    // u0 went idle (others polled); entering again replaces the dead token.
    for (let i = 1; i < 5; i++)
      (await queue.status({ token: `${concertId}~a${i}`, now: at(50), policy }))._unsafeUnwrap()
    const again = (
      await queue.enter({ token: `${concertId}~b0`, userId: 'u0', concertId, now: at(70), policy })
    )._unsafeUnwrap()
    expect(again.token.token).toBe(`${concertId}~b0`)
    expect(again.rank).toBe(5)
    expect(await driftedBuckets(concertId)).toEqual([])
  })
})
