import { readdir, readFile } from 'node:fs/promises'
import { storeUnavailable, type StoreConflict, type StoreUnavailable } from '@boxoffice/core'
import { ok, ResultAsync } from 'neverthrow'
import { runTransaction } from './atomic.js'
import type { PostgresPool, PostgresQueryable } from './postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from './schema-name.js'

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

interface MigrationFile {
  readonly version: number
  readonly name: string
  readonly sql: string
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/

/*
 * The SQL files ship in the package's `migrations/` folder and are read at run
 * time from beside the module: `src/` in the repository, `dist/` once built
 * (tsup shims `import.meta.url` in the CommonJS build). One source of truth,
 * readable by a DBA who applies them by hand, and no generated copy to drift.
 */
const migrationsFolder = (): URL => new URL('../migrations/', import.meta.url)

async function readMigrations(): Promise<MigrationFile[]> {
  const folder = migrationsFolder()
  const files: MigrationFile[] = []
  for (const name of (await readdir(folder)).sort()) {
    const version = MIGRATION_FILE.exec(name)?.[1]
    if (version === undefined) continue
    files.push({ version: Number(version), name, sql: await readFile(new URL(name, folder), 'utf8') })
  }
  return files
}

async function applyPending(
  tx: PostgresQueryable,
  schema: string,
  files: readonly MigrationFile[],
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
): ResultAsync<MigrationReport, StoreUnavailable | StoreConflict> {
  const schema = options.schema ?? DEFAULT_SCHEMA
  const last = options.toVersion ?? Number.POSITIVE_INFINITY
  quoteSchema(schema) // a bad name is a programmer error: thrown here, before any I/O
  return ResultAsync.fromPromise(readMigrations(), storeUnavailable).andThen((files) =>
    runTransaction(pool, async (tx) =>
      ok(
        await applyPending(
          tx,
          schema,
          files.filter((file) => file.version <= last),
        ),
      ),
    ),
  )
}
