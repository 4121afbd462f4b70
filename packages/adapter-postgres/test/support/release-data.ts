import { readFile } from 'node:fs/promises'
import type pg from 'pg'
import { migrate } from '../../src/index.js'
import { randomSchemaName, type TestSchema } from './test-database.js'

/** The schema version the 0.1.0 release shipped. */
export const RELEASE_0_1_0_VERSION = 2

/**
 * A schema as a 0.1.0 database would have it: migrated to that release's
 * version and holding the data its code wrote (`test/fixtures/release-0.1.0-data.sql`).
 * Upgrade tests migrate it up from here and use it with the current code.
 */
export async function createReleaseSchema(pool: pg.Pool, prefix = 'bo_upgrade'): Promise<TestSchema> {
  const schema = randomSchemaName(prefix)
  ;(await migrate(pool, { schema, toVersion: RELEASE_0_1_0_VERSION }))._unsafeUnwrap()
  const data = await readFile(new URL('../fixtures/release-0.1.0-data.sql', import.meta.url), 'utf8')
  await pool.query(`BEGIN; ${data.replaceAll('__SCHEMA__', `"${schema}"`)} COMMIT;`)
  return {
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    },
  }
}
