import type { BookingStore, QueueStore, StoreError } from '@boxoffice/core'
import type { Result } from 'neverthrow'

/**
 * The slice of `@boxoffice/adapter-postgres` the benchmark uses. It is loaded
 * at run time from the built package, so a missing build or export turns the
 * Postgres scenarios into a clear "skipped" instead of a crash.
 */
export interface PostgresAdapter {
  migrate(pool: unknown, options: { readonly schema: string }): PromiseLike<Result<unknown, StoreError>>
  createPostgresQueueStore(options: { readonly pool: unknown; readonly schema: string }): QueueStore
  createPostgresBookingStore(options: { readonly pool: unknown; readonly schema: string }): BookingStore
}

// A variable, not a literal: the compiler must not need the package's types to build the benchmark.
const PACKAGE: string = '@boxoffice/adapter-postgres'
const EXPORTS = ['migrate', 'createPostgresQueueStore', 'createPostgresBookingStore'] as const

/** The adapter as built, or why it cannot be used. */
export async function probePostgresAdapter(): Promise<PostgresAdapter | string> {
  let loaded: Record<string, unknown>
  try {
    loaded = (await import(PACKAGE)) as Record<string, unknown>
  } catch (error) {
    return `${PACKAGE} cannot be loaded (run \`pnpm build\`; ${(error as Error).message.split('\n')[0]})`
  }
  const missing = EXPORTS.filter((name) => typeof loaded[name] !== 'function')
  if (missing.length > 0) return `${PACKAGE} does not export ${missing.join(', ')} yet`
  return loaded as unknown as PostgresAdapter
}

export async function loadPostgresAdapter(): Promise<PostgresAdapter> {
  const adapter = await probePostgresAdapter()
  if (typeof adapter === 'string') throw new Error(adapter)
  return adapter
}
