import { readFile } from 'node:fs/promises'
import { createMemoryStores } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import Fastify from 'fastify'
import createClient from 'openapi-fetch'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { boxoffice } from '../src/index.js'
import type { paths } from './generated/boxoffice-api.js'
import { generateClientTypes, GENERATED_TYPES } from './support/openapi-types.js'

/*
 * A client team's view: types generated from the OpenAPI document by
 * openapi-typescript, calls made with openapi-fetch, against the plugin
 * listening on a loopback port. The calls below type-check against the
 * generated types (`pnpm typecheck`), and run here.
 */

const ADMIN_TOKEN = 'typed-client-admin-token'
const sessions = new Map([['session-ada', 'ada']])
const box = createBoxOffice(createMemoryStores())
const app = Fastify()
let baseUrl = ''

beforeAll(async () => {
  await app.register(boxoffice, {
    box,
    prefix: '/api',
    adminToken: ADMIN_TOKEN,
    identify: (request) => sessions.get(String(request.headers['x-session'])),
    openApi: { userSecurity: { type: 'apiKey', in: 'header', name: 'X-Session' } },
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP')
  baseUrl = `http://127.0.0.1:${address.port}/api`
})
afterAll(() => app.close())

it('the generated client types are those of the current OpenAPI document', async () => {
  // Stale types mean a client generated today would differ: run `pnpm --filter @boxoffice/fastify openapi:types`.
  expect(await readFile(GENERATED_TYPES, 'utf8')).toBe(await generateClientTypes())
})

it('a client generated from the document completes a purchase', async () => {
  const admin = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  const buyer = createClient<paths>({ baseUrl, headers: { 'x-session': 'session-ada' } })

  const concert = await admin.POST('/admin/concerts', { body: { title: 'Typed Night' } })
  if (concert.data === undefined) throw new Error(JSON.stringify(concert.error))
  const { concertId } = concert.data
  const schedule = await admin.POST('/admin/concerts/{concertId}/schedules', {
    params: { path: { concertId } },
    body: { startsAt: '2031-05-01T19:00:00Z', seats: 10, price: 80 },
  })
  if (schedule.data === undefined) throw new Error(JSON.stringify(schedule.error))

  const ticket = await buyer.POST('/queue/tokens', { body: { concertId } })
  if (ticket.data === undefined) throw new Error(JSON.stringify(ticket.error))
  const { token } = ticket.data
  expect((await box.queue.admit({ concertId })).isOk()).toBe(true)
  const status = await buyer.GET('/queue/tokens/current', { params: { header: { 'Queue-Token': token } } })
  expect(status.data?.status).toBe('ACTIVE')

  const hold = await buyer.POST('/holds', {
    params: { header: { 'Queue-Token': token } },
    body: { scheduleId: schedule.data.scheduleId, seatNo: 7 },
  })
  if (hold.data === undefined) throw new Error(JSON.stringify(hold.error))
  const short = await buyer.POST('/payments', {
    params: { header: { 'Queue-Token': token, 'Idempotency-Key': 'typed-checkout-1' } },
    body: { holdId: hold.data.holdId },
  })
  // The error union of the operation, as its enum: the compiler knows InsufficientBalance is one of them.
  expect(short.error?.error.type).toBe('InsufficientBalance')
  expect(short.response.status).toBe(402)

  const charged = await buyer.POST('/wallet/charges', { body: { amount: 100 } })
  expect(charged.data).toEqual({ balance: 100 })
  const paid = await buyer.POST('/payments', {
    params: { header: { 'Queue-Token': token, 'Idempotency-Key': 'typed-checkout-2' } },
    body: { holdId: hold.data.holdId },
  })
  expect(paid.response.status).toBe(201)
  expect(paid.data).toMatchObject({ userId: 'ada', concertId, seatNo: 7, amount: 80 })
  expect((await buyer.GET('/wallet')).data).toEqual({ balance: 20 })
})
