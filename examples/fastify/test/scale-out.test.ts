import { randomUUID } from 'node:crypto'
import { createBoxOffice, createScheduler, type Scheduler } from '@boxoffice/core'
import { selectStores, type StoreEnvironment, type StoreSelection } from '@boxoffice/http-kit'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = 'redis://127.0.0.1:6379'
const ADMIN = { authorization: 'Bearer scale-out-admin' }

interface Process {
  readonly url: string
  readonly scheduler: Scheduler
  readonly stores: StoreSelection
  stop(): Promise<void>
}

/** One app process: its own pool and client, its own scheduler, the shared database behind. */
async function startProcess(env: StoreEnvironment): Promise<Process> {
  const stores = await selectStores(env)
  const box = createBoxOffice({ queue: stores.queue, booking: stores.booking, policy: { queue: { maxActive: 3 } } })
  const server = createApp({ box, adminToken: 'scale-out-admin', checkStores: stores.check })
  const url = await server.start({ port: 0, host: '127.0.0.1' })
  return {
    url,
    scheduler: createScheduler(box, { intervalMs: 60_000 }),
    stores,
    stop: async () => {
      await server.stop()
      await stores.close()
    },
  }
}

const post = (url: string, headers: Record<string, string>, body: unknown): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe.each([
  { name: 'Postgres booking and Redis queue', redis: true },
  { name: 'Postgres for both stores', redis: false },
])('two processes behind one database ($name)', ({ redis }) => {
  it('share one line, never admit past capacity together, and sell a seat once', async () => {
    const unique = randomUUID().slice(0, 8)
    const env: StoreEnvironment = {
      DATABASE_URL,
      DATABASE_SCHEMA: `examples_scale_${unique}`,
      ...(redis ? { REDIS_URL, REDIS_KEY_PREFIX: `test:examples:scale:${unique}` } : {}),
    }
    cleanups.push(async () => {
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 })
      await pool.query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`)
      await pool.end()
      if (!redis) return
      const client = new Redis(REDIS_URL)
      const keys = await client.keys(`${env.REDIS_KEY_PREFIX}:*`)
      if (keys.length > 0) await client.del(...keys)
      await client.quit()
    })
    // Both start at once, as after a deploy: their migrations must not collide.
    const [a, b] = await Promise.all([startProcess(env), startProcess(env)])
    cleanups.push(a.stop, b.stop)
    expect(a.stores.labels.booking).toMatch(/^postgres/)
    expect(a.stores.labels.queue).toMatch(redis ? /^redis/ : /^postgres/)
    const processes = [a, b]
    const via = (i: number): Process => processes[i % 2] as Process

    const concert = (await (await post(`${a.url}/admin/concerts`, ADMIN, { title: 'Scale Night' })).json()) as {
      concertId: string
    }
    const schedule = await post(`${b.url}/admin/concerts/${concert.concertId}/schedules`, ADMIN, {
      startsAt: '2031-03-01T19:00:00Z',
      seats: 2,
      price: 100,
    })
    const { scheduleId } = (await schedule.json()) as { scheduleId: string }

    const users = Array.from({ length: 8 }, (_, i) => `scale-${unique}-${i}`)
    const tokens: string[] = []
    for (const [i, userId] of users.entries()) {
      const entered = await post(
        `${via(i).url}/queue/tokens`,
        { 'x-user-id': userId },
        { concertId: concert.concertId },
      )
      const ticket = (await entered.json()) as { token: string; rank: number }
      expect(ticket.rank).toBe(i + 1)
      tokens.push(ticket.token)
    }

    for (let round = 0; round < 3; round++) await Promise.all(processes.map((p) => p.scheduler.tick()))
    const statuses = await Promise.all(
      users.map(async (userId, i) => {
        const response = await fetch(`${via(i + 1).url}/queue/tokens/current`, {
          headers: { 'x-user-id': userId, 'queue-token': tokens[i] ?? '' },
        })
        return ((await response.json()) as { status: string }).status
      }),
    )
    expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'WAITING', 'WAITING', 'WAITING', 'WAITING', 'WAITING'])

    const attempts = await Promise.all(
      [0, 1, 2].map((i) =>
        post(
          `${via(i).url}/holds`,
          { 'x-user-id': users[i] ?? '', 'queue-token': tokens[i] ?? '' },
          { scheduleId, seatNo: 1 },
        ).then(async (response) => {
          await response.arrayBuffer()
          return response.status
        }),
      ),
    )
    expect(attempts.sort()).toEqual([201, 409, 409])
  })
})
