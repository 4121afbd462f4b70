import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One SQL migration: `0002_hold_seat.sql` is version 2. */
export interface Migration {
  readonly version: number
  /** The file name in the package's `migrations/` folder, e.g. `0001_initial.sql`. */
  readonly name: string
  readonly sql: string
}

/** The migrations, or why there are none. */
export type MigrationFiles = { readonly found: readonly Migration[] } | { readonly missing: string }

/** What a migration file is called: four digits, an underscore, a snake_case name. */
export const MIGRATION_FILE: RegExp = /^(\d{4})_[a-z0-9_]+\.sql$/

/**
 * Reads the migration files of a folder, in version order: at build time to
 * embed them, and when the package runs from source.
 */
export function readMigrationFolder(folder: URL): MigrationFiles {
  let names: string[]
  try {
    names = readdirSync(folder).sort()
  } catch (error) {
    return {
      missing:
        `no migrations: the folder ${fileURLToPath(folder)} cannot be read (${(error as Error).message}). ` +
        'The built package carries its migrations inside its code; this module runs from source, ' +
        "so it needs the package's migrations/ folder beside src/.",
    }
  }
  const found: Migration[] = []
  for (const name of names) {
    const version = MIGRATION_FILE.exec(name)?.[1]
    if (version !== undefined)
      found.push({ version: Number(version), name, sql: readFileSync(new URL(name, folder), 'utf8') })
  }
  return found.length > 0
    ? { found }
    : { missing: `no migrations: ${fileURLToPath(folder)} holds no NNNN_name.sql file` }
}
