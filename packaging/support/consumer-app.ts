/*
 * The application a team would write after `npm i`: one purchase on the
 * in-memory stores, then one on Postgres (booking) + Redis (queue) in a schema
 * and key prefix of its own, dropped afterwards. It prints one JSON line per
 * purchase for the test to read, and one for a refused input. A store author's
 * view comes through `@boxoffice/core/adapter`: the memory queue store wrapped
 * as a \`QueueStore\` of its own. The same source is compiled as ESM, as
 * CommonJS and through a bundler; only the import lines differ.
 */

/** Import lines per module system (`ioredis` is 5 or 6, whichever the project installed). */
const IMPORTS = {
  esm: `import { createBoxOffice, type BoxOffice } from '@boxoffice/core'
import { tokenConcertId, type QueueStore } from '@boxoffice/core/adapter'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createPostgresBookingStore, migrate, migrations } from '@boxoffice/adapter-postgres'
import { createRedisQueueStore } from '@boxoffice/adapter-redis'
import { createOpenTelemetryInstrumentation } from '@boxoffice/opentelemetry'
import { boxoffice } from '@boxoffice/fastify'
import { createBoxOfficeRouter } from '@boxoffice/express'
import Fastify from 'fastify'
import express from 'express'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import pg from 'pg'
`,
  cjs: `import { createBoxOffice, type BoxOffice } from '@boxoffice/core'
import { tokenConcertId, type QueueStore } from '@boxoffice/core/adapter'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createPostgresBookingStore, migrate, migrations } from '@boxoffice/adapter-postgres'
import { createRedisQueueStore } from '@boxoffice/adapter-redis'
import { createOpenTelemetryInstrumentation } from '@boxoffice/opentelemetry'
import { boxoffice } from '@boxoffice/fastify'
import { createBoxOfficeRouter } from '@boxoffice/express'
import Fastify from 'fastify'
import express from 'express'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import pg = require('pg')
`,
} as const

const BODY = `
const run = process.env.PACKAGING_RUN_ID ?? 'local'

async function purchase(box: BoxOffice, store: string): Promise<void> {
  const gala = await box.catalog
    .createConcert({ title: 'Packaging Night' })
    .andThen(({ concertId }) => box.catalog.addSchedule({ concertId, startsAt: '2031-05-01T19:00:00Z', seats: 10, price: 80 }))
  if (gala.isErr()) throw new Error(gala.error.message)
  const { concertId, scheduleId } = gala.value
  const ticket = await box.queue.enter({ userId: 'ada', concertId })
  if (ticket.isErr()) throw new Error(ticket.error.message)
  const { token } = ticket.value
  const admitted = await box.queue.admit({ concertId })
  if (admitted.isErr()) throw new Error(admitted.error.message)
  const paid = await box.holds
    .hold({ userId: 'ada', token, scheduleId, seatNo: 7 })
    .andThen((hold) =>
      box.wallet
        .charge({ userId: 'ada', amount: 100 })
        .andThen(() => box.payments.pay({ userId: 'ada', token, holdId: hold.holdId, idempotencyKey: 'checkout-1' })),
    )
  paid.match(
    (payment) => console.log(JSON.stringify({ store, seatNo: payment.seatNo, amount: payment.amount })),
    (error) => console.log(JSON.stringify({ store, error: error.type, message: error.message })),
  )
}

/** The HTTP API on memory: the Fastify plugin and the Express router, each with its own identify hook. */
async function overHttp(): Promise<void> {
  const box = createBoxOffice(createMemoryStores())
  const fastify = Fastify()
  await fastify.register(boxoffice, {
    box,
    prefix: '/api',
    identify: (request) => {
      const user = request.headers['x-user']
      return typeof user === 'string' ? user : undefined
    },
  })
  const charged = await fastify.inject({
    method: 'POST',
    url: '/api/wallet/charges',
    headers: { 'x-user': 'ada' },
    payload: { amount: 100 },
  })
  console.log(JSON.stringify({ http: 'fastify', status: charged.statusCode, body: charged.json() }))
  await fastify.close()

  const app = express()
  app.use('/api', createBoxOfficeRouter({ box, identify: (request) => request.header('x-user') }))
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const balance = await fetch('http://127.0.0.1:' + port + '/api/wallet', { headers: { 'x-user': 'ada' } })
  const anonymous = await fetch('http://127.0.0.1:' + port + '/api/wallet')
  console.log(JSON.stringify({ http: 'express', status: balance.status, body: await balance.json() }))
  console.log(JSON.stringify({ http: 'express', status: anonymous.status, body: await anonymous.json() }))
  server.close()
}

/** A store author's wrapper: the memory queue, refusing a token that names another concert. */
function checkedQueue(inner: QueueStore): QueueStore {
  return {
    ...inner,
    enter: (cmd) =>
      inner.enter(cmd).map((position) => {
        if (tokenConcertId(position.token.token) !== cmd.concertId) throw new Error('token of another concert')
        return position
      }),
  }
}

async function main(): Promise<void> {
  await overHttp()
  const memory = createBoxOffice({ ...createMemoryStores(), instrumentation: createOpenTelemetryInstrumentation() })
  await purchase(memory, 'memory')
  const refused = await memory.catalog.createConcert(JSON.parse('{"title":"Gala","venue":"Hall"}'))
  refused.match(
    () => console.log(JSON.stringify({ refused: false })),
    (error) => console.log(JSON.stringify({ refused: error.type, message: error.message })),
  )
  const stores = createMemoryStores()
  await purchase(createBoxOffice({ ...stores, queue: checkedQueue(stores.queue) }), 'memory, a wrapped QueueStore')

  const schema = 'bo_pack_' + run
  const keyPrefix = 'boxoffice-pack:' + run
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 4 })
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  try {
    const migrated = await migrate(pool, { schema })
    if (migrated.isErr()) throw new Error(migrated.error.type + ': ' + migrated.error.message)
    if (migrated.value.applied.length !== migrations.length) throw new Error('not every migration applied')
    const box = createBoxOffice({
      queue: createRedisQueueStore({ client: redis, keyPrefix }),
      booking: createPostgresBookingStore({ pool, schema }),
    })
    await purchase(box, 'postgres+redis')
  } finally {
    await pool.query('DROP SCHEMA IF EXISTS "' + schema + '" CASCADE')
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', keyPrefix + ':*', 'COUNT', 1000)
      for (const key of keys) await redis.del(key)
      cursor = next
    } while (cursor !== '0')
    await pool.end()
    await redis.quit()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
`

/** The application source for `esm` (node16 ESM, and the bundler project) or `cjs`. */
export function consumerApp(kind: keyof typeof IMPORTS): string {
  return IMPORTS[kind] + BODY
}
