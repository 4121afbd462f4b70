export { createPostgresBookingStore, type PostgresBookingStoreOptions } from './booking/postgres-booking-store.js'
export { createPostgresQueueStore, type PostgresQueueStoreOptions } from './queue/postgres-queue-store.js'
export { migrate, migrations, type MigrateOptions, type MigrationReport, type MigrationsMissing } from './migrate.js'
export type { Migration } from './migration-folder.js'
export { DEFAULT_SCHEMA } from './schema-name.js'
export type {
  PostgresConnectCallback,
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryable,
  PostgresQueryConfig,
  PostgresQueryResult,
} from './postgres-pool.js'
