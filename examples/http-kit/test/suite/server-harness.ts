import {
  createBoxOffice,
  createManualClock,
  createScheduler,
  type BookingStore,
  type BoxOffice,
  type ManualClock,
  type QueueStore,
  type Scheduler,
} from '@boxoffice/core'
import type { AppDeps, ServerApp } from '../../src/index.ts'
import { httpClient, type Call } from './http-client.ts'
import { withOutage, type Outage } from './store-outage.ts'
import type { MakeStores } from './test-stores.ts'

export type CreateApp = (deps: AppDeps) => ServerApp<unknown>

/** A server under test on a loopback port, over stores that can fail on demand, with time in the test's hands. */
export interface Harness {
  readonly url: string
  readonly call: Call
  readonly clock: ManualClock
  readonly box: BoxOffice
  /** The same scheduler main.ts runs, ticked by hand. */
  readonly scheduler: Scheduler
  readonly queueOutage: Outage<QueueStore>
  readonly bookingOutage: Outage<BookingStore>
  readonly adminToken: string
  readonly bodyLimitBytes: number
  readonly createApp: CreateApp
  stop(): Promise<void>
}

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'
export const TEST_BODY_LIMIT = 16 * 1024

export async function startHarness(
  createApp: CreateApp,
  makeStores: MakeStores,
  extra: Pick<AppDeps, 'events'> = {},
): Promise<Harness> {
  const stores = await makeStores()
  const queueOutage = withOutage(stores.queue)
  const bookingOutage = withOutage(stores.booking)
  // Real time at the start (stores with key TTLs see sane instants), then moved by hand only.
  const clock = createManualClock(new Date(Math.floor(Date.now() / 1000) * 1000))
  const box = createBoxOffice({ queue: queueOutage.store, booking: bookingOutage.store, clock })
  const server = createApp({ box, adminToken: TEST_ADMIN_TOKEN, bodyLimitBytes: TEST_BODY_LIMIT, ...extra })
  const url = await server.start({ port: 0, host: '127.0.0.1' })
  return {
    url,
    call: httpClient(url),
    clock,
    box,
    scheduler: createScheduler(box, { intervalMs: 60_000 }),
    queueOutage,
    bookingOutage,
    adminToken: TEST_ADMIN_TOKEN,
    bodyLimitBytes: TEST_BODY_LIMIT,
    createApp,
    stop: async () => {
      await server.stop()
      await stores.cleanup()
    },
  }
}
