import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { embedMigrations } from '../embed-migrations.js'
import type * as AdapterPostgres from '../src/index.js'
import { migrations, type MigrationReport } from '../src/index.js'
import { migrateFrom } from '../src/migrate.js'
import { readMigrationFolder } from '../src/migration-folder.js'
import { createTestPool, randomSchemaName } from './support/test-database.js'

const folder = new URL('../migrations/', import.meta.url)
const pool = createTestPool(2)
const schemas: string[] = []
const scratch = mkdtempSync(join(tmpdir(), 'boxoffice-bundle-'))

afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
  rmSync(scratch, { recursive: true, force: true })
})

/** The .sql files of the folder, read here without the package's code. */
const filesOnDisk = (): { name: string; sql: string }[] =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(new URL(name, folder), 'utf8') }))

describe('migrations as data', () => {
  it('the exported migrations are every file of the migrations folder, in order, with its SQL', () => {
    expect(filesOnDisk().length).toBeGreaterThanOrEqual(2)
    expect(migrations.map(({ name, sql }) => ({ name, sql }))).toEqual(filesOnDisk())
    expect(migrations.map((migration) => migration.version)).toEqual(
      filesOnDisk().map((file) => Number(file.name.slice(0, 4))),
    )
  })

  it('a bundle of the package, run where no migrations folder exists, exports them and migrates a new schema', async () => {
    const bundle = join(scratch, 'adapter-postgres.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      alias: {
        '@boxoffice/core/adapter': fileURLToPath(new URL('../../core/src/adapter.ts', import.meta.url)),
        '@boxoffice/core': fileURLToPath(new URL('../../core/src/index.ts', import.meta.url)),
      },
      plugins: [embedMigrations(folder)],
      logLevel: 'silent',
    })
    writeFileSync(join(scratch, 'package.json'), '{"type":"module"}')
    expect(readdirSync(scratch).sort()).toEqual(['adapter-postgres.mjs', 'package.json'])
    const bundled = (await import(pathToFileURL(bundle).href)) as typeof AdapterPostgres

    expect(bundled.migrations.map(({ name, sql }) => ({ name, sql }))).toEqual(filesOnDisk())
    const schema = randomSchemaName('bo_bundle')
    schemas.push(schema)
    const report: MigrationReport = (await bundled.migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toEqual(filesOnDisk().map((file) => file.name))
    const { rows } = await pool.query<{ name: string }>(
      `SELECT name FROM "${schema}".boxoffice_migrations ORDER BY version`,
    )
    expect(rows.map((row) => row.name)).toEqual(filesOnDisk().map((file) => file.name))
  })

  it('without its migrations, migrate answers MigrationsMissing naming the folder, and touches no database', async () => {
    const schema = randomSchemaName('bo_nofiles')
    const source = readMigrationFolder(new URL('file:///nonexistent/boxoffice-migrations/'))
    const error = (await migrateFrom(source, pool, { schema }))._unsafeUnwrapErr()
    expect(error.type).toBe('MigrationsMissing')
    expect(error.message).toContain('/nonexistent/boxoffice-migrations')
    expect(error.message).toContain('cannot be read')
    const { rows } = await pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])
    expect(rows).toEqual([])
  })
})
