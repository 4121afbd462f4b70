import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice, createScheduler, type BoxOffice } from '@boxoffice/core'
import { seedDemoConcert, type AppDeps, type DemoSeed, type ServerApp } from '@boxoffice/http-kit'

export type CreateApp = (deps: AppDeps) => ServerApp<unknown>

/** An example server on a loopback port, on fresh in-memory stores with the demo concert, its scheduler running. */
export interface WebServer {
  readonly url: string
  readonly box: BoxOffice
  readonly seed: DemoSeed
  stop(): Promise<void>
}

/** Fast enough that admission feels instant in a browser test, slow enough to leave the machine some room. */
const TICK_MS = 50

export async function startWebServer(createApp: CreateApp, options: { readonly maxActive?: number } = {}) {
  const box = createBoxOffice({
    ...createMemoryStores(),
    policy: { queue: { maxActive: options.maxActive ?? 100, admitIntervalMs: TICK_MS } },
  })
  const seed = await seedDemoConcert(box).match(
    (seeded) => seeded,
    (error) => {
      throw new Error(`seeding failed: ${error.message}`)
    },
  )
  const server = createApp({ box })
  const url = await server.start({ port: 0, host: '127.0.0.1' })
  const scheduler = createScheduler(box, { intervalMs: TICK_MS })
  scheduler.start()
  return {
    url,
    box,
    seed,
    stop: async () => {
      await scheduler.stop()
      await server.stop()
    },
  } satisfies WebServer
}
