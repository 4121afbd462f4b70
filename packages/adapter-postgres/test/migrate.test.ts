import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, migrate } from '../src/index.js'
import { holdCommand, openSale } from './support/sale-fixture.js'
import { createTestPool, randomSchemaName } from './support/test-database.js'

const pool = createTestPool(10)
const schemas: string[] = []
const newSchema = (): string => {
  const schema = randomSchemaName('bo_migrate')
  schemas.push(schema)
  return schema
}

afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  )
  return rows.map((row) => row.table_name)
}

describe('migrate', () => {
  it('creates the schema with every table and records the version applied', async () => {
    const schema = newSchema()
    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report).toEqual({ schema, applied: ['0001_initial.sql', '0002_hold_seat.sql'], version: 2 })
    expect(await tablesOf(schema)).toEqual([
      'boxoffice_migrations',
      'concerts',
      'holds',
      'idempotency_keys',
      'ledger_entries',
      'payments',
      'queue_admissions',
      'queue_lines',
      'queue_rank_buckets',
      'queue_ticks',
      'queue_tokens',
      'schedules',
      'seats',
      'wallets',
    ])
  })

  it('is a no-op when the schema is up to date', async () => {
    const schema = newSchema()
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const again = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(again).toEqual({ schema, applied: [], version: 2 })
    const { rows } = await pool.query(`SELECT version, name FROM "${schema}".boxoffice_migrations ORDER BY version`)
    expect(rows).toEqual([
      { version: 1, name: '0001_initial.sql' },
      { version: 2, name: '0002_hold_seat.sql' },
    ])
  })

  it('applies each migration exactly once when many processes start at the same moment', async () => {
    const schema = newSchema()
    const reports = await Promise.all(Array.from({ length: 8 }, () => migrate(pool, { schema })))
    const applied = reports.map((report) => report._unsafeUnwrap().applied.length)
    expect(applied.filter((count) => count === 2)).toHaveLength(1)
    expect(applied.filter((count) => count === 0)).toHaveLength(7)
    expect(reports.every((report) => report._unsafeUnwrap().version === 2)).toBe(true)
  })

  it('brings a schema created by an earlier version up to date, and its holds then work', async () => {
    const schema = newSchema()
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    // Back to what the first release left: only 0001 applied.
    await pool.query(`DROP FUNCTION "${schema}".hold_seat`)
    await pool.query(`DROP TYPE "${schema}".hold_attempt`)
    await pool.query(`DELETE FROM "${schema}".boxoffice_migrations WHERE version = 2`)
    const booking = createPostgresBookingStore({ pool, schema })
    const sale = await openSale(booking, 'upgrade', 1, 100)
    const before = await booking.holdSeat(holdCommand({ ...sale, holdId: 'h-before', userId: 'u1', seatNo: 1 }))
    expect(before._unsafeUnwrapErr()).toMatchObject({ type: 'StoreUnavailable' })

    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report).toEqual({ schema, applied: ['0002_hold_seat.sql'], version: 2 })
    const after = await booking.holdSeat(holdCommand({ ...sale, holdId: 'h-after', userId: 'u1', seatNo: 1 }))
    expect(after._unsafeUnwrap()).toMatchObject({ holdId: 'h-after', status: 'HELD', price: 100 })
  })

  it('refuses a schema name that is not a plain identifier before touching the database', () => {
    expect(() => migrate(pool, { schema: 'x"; DROP TABLE y; --' })).toThrow(TypeError)
  })
})
