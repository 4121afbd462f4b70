import type { StoreConflict, StoreUnavailable } from '@boxoffice/core'
import { errAsync, ok, type ResultAsync } from 'neverthrow'
import { runTransaction } from './atomic.js'
import type { Migration, MigrationFiles } from './migration-folder.js'
import { packageMigrations } from './package-migrations.js'
import type { PostgresPool, PostgresQueryable } from './postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from './schema-name.js'

/** What `migrate` takes besides the pool. */
export interface MigrateOptions {
  /** The schema to create or bring up to date (default `boxoffice`). */
  readonly schema?: string
  /**
   * Stop after this version (default: the newest). For staged upgrades and for
   * testing an upgrade from an older release; never moves a schema backwards.
   */
  readonly toVersion?: number
}

/** What `migrate` did. */
export interface MigrationReport {
  readonly schema: string
  /** File names applied by this call, in order; empty when the schema was already up to date. */
  readonly applied: readonly string[]
  /** The schema's version after the call: the number of the last migration applied. */
  readonly version: number
}

/**
 * `migrate` found no migrations to apply: the package was run from source
 * without its `migrations/` folder, or built without them. Not retryable.
 */
export interface MigrationsMissing {
  readonly type: 'MigrationsMissing'
  readonly message: string
}

export const migrationsMissing = (message: string): MigrationsMissing => ({ type: 'MigrationsMissing', message })

/**
 * Every migration of this package, in order, as data: the version, the file
 * name and the SQL of each file in its `migrations/` folder, compiled into the
 * build. Feed them to your own migration tool instead of calling `migrate`
 * (apply each in one transaction with `search_path` set to your schema).
 *
 * @example
 * ```ts
 * import { migrations } from '@boxoffice/adapter-postgres'
 *
 * for (const { name, sql } of migrations) writeFileSync(`db/migrations/boxoffice_${name}`, sql)
 * ```
 */
export const migrations: readonly Migration[] = 'found' in packageMigrations ? packageMigrations.found : []

async function applyPending(
  tx: PostgresQueryable,
  schema: string,
  files: readonly Migration[],
): Promise<MigrationReport> {
  const quoted = quoteSchema(schema)
  // One migrator per schema at a time, whichever process calls: the others
  // wait here, then find the work done.
  await tx.query({
    text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
    values: [`boxoffice:migrate:${schema}`],
  })
  await tx.query({ text: `CREATE SCHEMA IF NOT EXISTS ${quoted}` })
  // applied_at is bookkeeping for operators, not domain time: the server clock is right here.
  await tx.query({
    text: `CREATE TABLE IF NOT EXISTS ${quoted}.boxoffice_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  })
  const done = await tx.query({ text: `SELECT version FROM ${quoted}.boxoffice_migrations` })
  const appliedBefore = new Set(done.rows.map((row) => (row as { version: number }).version))
  const applied: string[] = []
  for (const file of files) {
    if (appliedBefore.has(file.version)) continue
    await tx.query({ text: `SET LOCAL search_path TO ${quoted}` })
    await tx.query({ text: file.sql })
    await tx.query({
      text: `INSERT INTO ${quoted}.boxoffice_migrations (version, name) VALUES ($1, $2)`,
      values: [file.version, file.name],
    })
    applied.push(file.name)
  }
  const versions = [
    ...appliedBefore,
    ...files.filter((file) => applied.includes(file.name)).map((file) => file.version),
  ]
  return { schema, applied, version: Math.max(0, ...versions) }
}

/**
 * Creates the schema or brings it up to date: applies the package's missing
 * SQL migrations in order, in one transaction, recording each in
 * `<schema>.boxoffice_migrations`. Safe to call from every process at start-up
 * (an advisory lock lets one migrate while the others wait) and a no-op when
 * the schema is current.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { migrate } from '@boxoffice/adapter-postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * const report = await migrate(pool)
 * if (report.isErr()) throw new Error(report.error.message)
 * ```
 */
export function migrate(
  pool: PostgresPool,
  options: MigrateOptions = {},
): ResultAsync<MigrationReport, StoreUnavailable | StoreConflict | MigrationsMissing> {
  return migrateFrom(packageMigrations, pool, options)
}

/** `migrate` over a given set of files (the package's, or none in a test of that failure). */
export function migrateFrom(
  source: MigrationFiles,
  pool: PostgresPool,
  options: MigrateOptions = {},
): ResultAsync<MigrationReport, StoreUnavailable | StoreConflict | MigrationsMissing> {
  const schema = options.schema ?? DEFAULT_SCHEMA
  const last = options.toVersion ?? Number.POSITIVE_INFINITY
  quoteSchema(schema) // a bad name is a programmer error: thrown here, before any I/O
  if ('missing' in source) return errAsync(migrationsMissing(source.missing))
  const files = source.found.filter((file) => file.version <= last)
  return runTransaction(pool, async (tx) => ok(await applyPending(tx, schema, files)))
}
