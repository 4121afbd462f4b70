import { createBoxOffice, createScheduler } from '@boxoffice/core'
import { createAppLogger } from './app-logger.js'
import { seedDemoConcert } from './demo-seed.js'
import type { AppDeps, ServerApp } from './server-app.js'
import { readServerConfig } from './server-config.js'
import { selectStores } from './store-selection.js'
import { createTelemetry } from './telemetry.js'

export interface RunServerOptions<App> {
  /** `fastify` or `express`: names the logger and the start-up line. */
  readonly name: string
  readonly createApp: (deps: AppDeps) => ServerApp<App>
  /** Where the interactive docs live, if the server has them. */
  readonly docsPath?: string
  readonly env?: Readonly<Record<string, string | undefined>>
}

const SHUTDOWN_GRACE_MS = 10_000

/**
 * A whole server process: reads the environment, opens the stores (seeding a
 * demo concert when they are in memory), runs the scheduler, listens, and on
 * SIGTERM/SIGINT stops accepting, lets in-flight requests finish, stops the
 * scheduler and closes the stores, then lets the process exit.
 *
 * @example
 * ```ts
 * await runServer({ name: 'fastify', createApp, docsPath: '/docs' })
 * ```
 */
export async function runServer<App>(options: RunServerOptions<App>): Promise<void> {
  const env = options.env ?? process.env
  const config = readServerConfig(env)
  const logger = createAppLogger({ level: config.logLevel, name: `boxoffice-${options.name}` })

  const stores = await selectStores(env)
  const unreachable = await stores.check().match(
    () => undefined,
    (error) => error,
  )
  if (unreachable !== undefined) {
    logger.fatal({ err: unreachable }, 'the stores do not answer; not starting')
    await stores.close()
    process.exitCode = 1
    return
  }
  const telemetry = createTelemetry(env, `boxoffice-${options.name}`)
  const observers = { logger, ...(telemetry === undefined ? {} : { instrumentation: telemetry.instrumentation }) }
  const box = createBoxOffice({ queue: stores.queue, booking: stores.booking, ...observers })
  if (stores.inMemoryBooking) {
    const seeded = await seedDemoConcert(box).match(
      (seed) => seed,
      (error) => {
        throw new Error(`seeding the demo concert failed: ${error.message}`)
      },
    )
    logger.info({ concertId: seeded.concert.concertId }, 'seeded the demo concert (two dates, 50 seats each)')
  }

  const server = options.createApp({
    box,
    logger,
    adminToken: config.adminToken,
    checkStores: stores.check,
    bodyLimitBytes: config.bodyLimitBytes,
    telemetry,
  })
  const scheduler = createScheduler(box, {
    intervalMs: config.schedulerIntervalMs,
    ...observers,
  })
  const url = await server.start({ port: config.port, host: config.host })
  scheduler.start()
  const docs = options.docsPath === undefined ? `${url}/openapi.json` : `${url}${options.docsPath}`
  logger.info(
    { url, docs, stores: stores.labels, admin: config.adminToken !== undefined, traces: telemetry?.traces ?? 'off' },
    `boxoffice ${options.name} example listening on ${url} (queue: ${stores.labels.queue}, booking: ` +
      `${stores.labels.booking}); API docs at ${docs}`,
  )

  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight')
    // Only a hung shutdown is cut short; the timer does not keep the process alive.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS).unref()
    server
      .stop()
      .then(() => scheduler.stop())
      .then(() => stores.close())
      .then(() => telemetry?.shutdown())
      .then(
        () => logger.info('stopped cleanly'),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exitCode = 1
        },
      )
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}
