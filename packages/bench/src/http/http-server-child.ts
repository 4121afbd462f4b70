/*
 * The server side of the HTTP scenario, run as its own process (forked by the
 * benchmark) so autocannon never shares an event loop with the server it
 * loads. It starts the example's app on memory and on Postgres + Redis (and,
 * for Fastify, the bare ZRANK route), prepares users on each, reports ready,
 * checks its stores when asked and cleans up when told to stop.
 */
import { randomUUID } from 'node:crypto'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice, type BoxOffice } from '@boxoffice/core'
import { ScenarioRecorder, type Check } from '../harness/scenario.js'
import { failure, forEachLimit, value } from '../harness/set-up.js'
import { checkLedgers, checkSeats } from '../scenarios/booking-checks.js'
import { checkBookingTables } from '../scenarios/postgres-checks.js'
import {
  admitBuyers,
  BENCH_POLICY,
  createConcert,
  createSeating,
  fundBuyers,
  userIds,
  type Seating,
} from '../scenarios/sale-fixture.js'
import { openPostgres, type PostgresFixture } from '../stores/postgres-fixture.js'
import { loadRedisAdapter } from '../stores/redis-adapter.js'
import { openRedis, type RedisFixture } from '../stores/redis-fixture.js'
import { createBareZrankServer } from './bare-zrank-server.js'
import {
  childStoreName,
  type ChildConfig,
  type ChildMessage,
  type Observed,
  type ParentMessage,
  type ServedApp,
  type StoreSetup,
} from './child-protocol.js'
import { loadExampleApp, type ExampleServer } from './example-app.js'

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig
const HOST = '127.0.0.1'

const send = (message: ChildMessage, then?: () => void): void => {
  process.send?.(message, undefined, {}, () => then?.())
}

interface Running {
  readonly served: ServedApp
  readonly box: BoxOffice
  readonly seating: Seating
  readonly db?: PostgresFixture
}

async function prepare(
  box: BoxOffice,
  stores: StoreSetup,
  buyerCount: number,
): Promise<Omit<ServedApp, 'url'> & { seating: Seating }> {
  const prefix = `${config.runId}-h${config.framework.slice(0, 1)}${stores === 'memory' ? 'm' : 's'}`
  const concurrency = stores === 'memory' ? 16 : 32
  const concertId = await createConcert(box, `http ${config.framework} ${stores}`)
  const seating = await createSeating(box, concertId, buyerCount)
  const buyers = await admitBuyers(box, concertId, userIds(`${prefix}-b`, buyerCount), concurrency)
  await fundBuyers(box, buyers, concurrency)
  const pollers = userIds(`${prefix}-p`, config.pollers).map((userId) => ({ userId, token: '' }))
  await forEachLimit(pollers.length, concurrency, async (index) => {
    const poller = pollers[index] as { userId: string; token: string }
    poller.token = (await box.queue.enter({ userId: poller.userId, concertId }).match(value, failure('enter'))).token
  })
  return {
    stores,
    pollers,
    buyers,
    seats: buyers.map(() => seating.next()),
    seating,
    reads: await prepareReads(box, concertId),
  }
}

/**
 * Two 50-seat dates added to the buyers' concert (the read routes need an
 * ACTIVE token for it): the seat map and dates a crowd polls. No seat of them
 * is held, so the checks of the hold + pay flow count only its own holds.
 */
async function prepareReads(box: BoxOffice, concertId: string): Promise<{ concertId: string; scheduleId: string }> {
  const scheduleIds: string[] = []
  for (const day of [1, 2]) {
    const schedule = await box.catalog
      .addSchedule({ concertId, startsAt: new Date(Date.UTC(2031, 2, day, 19)), seats: 50, price: 1_000 })
      .match(value, failure('addSchedule'))
    scheduleIds.push(schedule.scheduleId)
  }
  return { concertId, scheduleId: scheduleIds[0] as string }
}

async function listen(server: ExampleServer): Promise<string> {
  return server.start({ port: 0, host: HOST })
}

async function main(): Promise<void> {
  const createApp = await loadExampleApp(config.framework)
  if (typeof createApp === 'string') throw new Error(createApp)
  const running: Running[] = []
  const servers: ExampleServer[] = []
  const closers: (() => Promise<void>)[] = []
  let bare: ServedApp | undefined

  const memoryBox = createBoxOffice({ ...createMemoryStores(), policy: BENCH_POLICY })
  const memory = await prepare(memoryBox, 'memory', config.buyers.memory)
  const memoryServer = createApp({ box: memoryBox })
  servers.push(memoryServer)
  running.push({
    served: { ...strip(memory), url: await listen(memoryServer) },
    box: memoryBox,
    seating: memory.seating,
  })

  let redis: RedisFixture | undefined
  if (config.withStores) {
    const name = childStoreName(config.runId, config.framework)
    const db = await openPostgres(name)
    closers.push(() => db.close())
    redis = await openRedis(name)
    closers.push(() => (redis as RedisFixture).close())
    const queue = (await loadRedisAdapter()).createRedisQueueStore({
      client: redis.client,
      keyPrefix: `${redis.prefix}:lib`,
    })
    const booking = db.adapter.createPostgresBookingStore({ pool: db.pool, schema: db.schema })
    const box = createBoxOffice({ queue, booking, policy: BENCH_POLICY })
    const prepared = await prepare(box, 'postgres+redis', config.buyers.stores)
    const server = createApp({ box })
    servers.push(server)
    running.push({ served: { ...strip(prepared), url: await listen(server) }, box, seating: prepared.seating, db })
  }
  if (config.withBare && redis !== undefined) {
    const waitingKey = `${redis.prefix}:bare:waiting`
    const pollers = userIds(`${config.runId}-bare`, config.pollers).map((userId) => ({
      userId,
      token: `bare~${randomUUID()}`,
    }))
    await redis.client.zadd(waitingKey, ...pollers.flatMap((poller, index) => [index + 1, poller.token]))
    const server = createBareZrankServer(redis.client, waitingKey)
    servers.push(server)
    bare = { stores: 'postgres+redis', url: await listen(server), pollers, buyers: [], seats: [] }
  }

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'check') {
      void checkStores(running, message.observed).then((checks) => send({ type: 'checked', checks }))
    } else if (message.type === 'stop') {
      void (async () => {
        await Promise.allSettled(servers.map((server) => server.stop()))
        for (const close of closers.reverse()) await close().catch(() => undefined)
        send({ type: 'stopped', maxRssBytes: process.resourceUsage().maxRSS * 1024 }, () => process.exit(0))
      })()
    }
  })
  send({ type: 'ready', apps: running.map((app) => app.served), ...(bare === undefined ? {} : { bare }) })
}

const strip = ({ seating: _, ...served }: Omit<ServedApp, 'url'> & { seating: Seating }): Omit<ServedApp, 'url'> =>
  served

async function checkStores(
  running: readonly Running[],
  observed: Partial<Record<StoreSetup, Observed>>,
): Promise<Check[]> {
  const checks: Check[] = []
  for (const app of running) {
    const answered = observed[app.served.stores]
    if (answered === undefined) continue
    // Requests in flight when autocannon stopped may have succeeded without the client seeing it.
    const seen = {
      holds: { min: answered.holds, max: answered.holds + answered.inFlight },
      payments: { min: answered.payments, max: answered.payments + answered.inFlight },
    }
    const record = new ScenarioRecorder()
    try {
      await checkSeats(record, app.box, app.seating, seen)
      await checkLedgers(
        record,
        app.box,
        app.served.buyers.map((buyer) => buyer.userId),
        2_000,
      )
      if (app.db !== undefined) await checkBookingTables(record, app.db, seen)
    } catch (error) {
      record.check('the checks ran', false, (error as Error).message)
    }
    checks.push(
      ...record.checks.map((check) => ({
        ...check,
        name: `${config.framework} on ${app.served.stores}: ${check.name}`,
      })),
    )
  }
  return checks
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
    process.exit(1),
  )
})
