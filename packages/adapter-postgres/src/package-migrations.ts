import { readMigrationFolder, type MigrationFiles } from './migration-folder.js'

/*
 * The package's migrations. From source (tests, tsx) they are read from the
 * `migrations/` folder; the build replaces this module with one holding every
 * file's version, name and SQL (embed-migrations.ts beside tsup.config.ts), so
 * the built package and any bundle of it migrate without the folder. The
 * folder is the one source of truth: a new file is picked up with no code change.
 */
export const packageMigrations: MigrationFiles = readMigrationFolder(new URL('../migrations/', import.meta.url))
