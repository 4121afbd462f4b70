import type pg from 'pg'
import { createTestPool, randomSchemaName } from './test-database.js'

/** A pool whose connections carry a name of their own, so a test can kill exactly them. */
export interface VictimPool {
  readonly pool: pg.Pool
  readonly applicationName: string
  /** Terminates every backend of this pool (never anyone else's); answers how many died. */
  readonly kill: () => Promise<number>
}

/**
 * A pool of `max` connections named `application_name = bo_victim_<random>`;
 * `kill` runs `pg_terminate_backend` through `admin` on that name only, as a
 * failover, an operator or a proxy's idle timeout would end them.
 */
export function createVictimPool(admin: pg.Pool, max = 10): VictimPool {
  const applicationName = randomSchemaName('bo_victim')
  return {
    pool: createTestPool(max, { application_name: applicationName }),
    applicationName,
    kill: async () => {
      const { rows } = await admin.query<{ killed: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS killed
           FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
        [applicationName],
      )
      return rows[0]?.killed ?? 0
    },
  }
}
