import type { BoxOffice } from '@boxoffice/core'
import fc from 'fast-check'
import type { ResultAsync } from 'neverthrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addScheduleBody,
  apiRoutes,
  cancelScheduleBody,
  chargeBody,
  createConcertBody,
  lineLimitsBody,
  scheduleSaleBody,
  enterBody,
  errorSchema,
  holdBody,
  payBody,
} from '../../src/index.ts'
import { defectiveRequest, validRequest, type FuzzRoute } from './fuzz-requests.ts'
import { admittedBuyer, charge, createConcert, holdSeat, type Buyer, type TestConcert } from './scenario.ts'
import { startHarness, type CreateApp, type Harness } from './server-harness.ts'
import { recordMutations } from './store-recorder.ts'
import { memoryStores } from './test-stores.ts'

const value = <T, E>(outcome: ResultAsync<T, E>): Promise<T | { failed: E }> =>
  outcome.match(
    (v): T | { failed: E } => v,
    (e) => ({ failed: e }),
  )

/** Everything a request could change, read through the library (not over HTTP). */
async function snapshot(box: BoxOffice, buyer: Buyer): Promise<unknown> {
  const concerts = (await box.catalog.listConcerts()).unwrapOr([])
  const catalog = []
  for (const concert of concerts) {
    const dates = (await box.catalog.listDates({ concertId: concert.concertId })).unwrapOr([])
    const seats = []
    for (const date of dates) seats.push(await value(box.catalog.listSeats({ scheduleId: date.scheduleId })))
    catalog.push({ concert, dates, seats })
  }
  return {
    catalog,
    queue: await value(box.queue.concerts()),
    token: await value(box.queue.authorize({ userId: buyer.userId, token: buyer.token })),
    balance: await value(box.wallet.balance({ userId: buyer.userId })),
    history: await value(box.wallet.history({ userId: buyer.userId })),
  }
}

function fuzzRoutes(h: Harness, concert: TestConcert, buyer: Buyer, holdId: string): FuzzRoute[] {
  const { concertId } = concert
  const scheduleId = concert.scheduleIds[0] ?? ''
  const user = buyer.userId
  const token = buyer.token
  return [
    { method: 'GET', path: '/concerts' },
    { method: 'GET', path: '/concerts/:concertId/dates', user, token, params: { concertId } },
    { method: 'GET', path: '/schedules/:scheduleId/seats', user, token, params: { scheduleId } },
    { method: 'POST', path: '/queue/tokens', user: 'fuzz-newcomer', body: { schema: enterBody, valid: { concertId } } },
    { method: 'GET', path: '/queue/tokens/current', user, token },
    { method: 'DELETE', path: '/queue/tokens/current', user, token },
    { method: 'POST', path: '/holds', user, token, body: { schema: holdBody, valid: { scheduleId, seatNo: 2 } } },
    { method: 'DELETE', path: '/holds/:holdId', user, params: { holdId } },
    { method: 'POST', path: '/holds/:holdId/extension', user, params: { holdId } },
    { method: 'GET', path: '/wallet', user },
    {
      method: 'POST',
      path: '/wallet/charges',
      user,
      chargeKey: true,
      body: { schema: chargeBody, valid: { amount: 1 } },
    },
    {
      method: 'POST',
      path: '/payments',
      user,
      token,
      payKey: 'fuzz-pay',
      body: { schema: payBody, valid: { holdId } },
    },
    { method: 'GET', path: '/payments', user },
    { method: 'GET', path: '/payments/:paymentId', user, params: { paymentId: 'p-fuzz' } },
    {
      method: 'POST',
      path: '/payments/:paymentId/refund',
      user,
      payKey: 'fuzz-refund',
      params: { paymentId: 'p-fuzz' },
    },
    {
      method: 'POST',
      path: '/admin/schedules/:scheduleId/cancel',
      adminToken: h.adminToken,
      params: { scheduleId },
      body: { schema: cancelScheduleBody, valid: { limit: 10 } },
    },
    {
      method: 'POST',
      path: '/admin/concerts',
      adminToken: h.adminToken,
      body: { schema: createConcertBody, valid: { title: 'Fuzzed' } },
    },
    {
      method: 'POST',
      path: '/admin/concerts/:concertId/schedules',
      adminToken: h.adminToken,
      params: { concertId },
      body: { schema: addScheduleBody, valid: { startsAt: '2031-01-01T19:00:00Z', seats: 3, price: 10 } },
    },
    {
      method: 'POST',
      path: '/admin/concerts/:concertId/sale',
      adminToken: h.adminToken,
      params: { concertId },
      body: { schema: scheduleSaleBody, valid: { salesOpenAt: '2031-01-01T10:00:00Z' } },
    },
    { method: 'GET', path: '/admin/concerts/:concertId/line', adminToken: h.adminToken, params: { concertId } },
    { method: 'POST', path: '/admin/concerts/:concertId/line/pause', adminToken: h.adminToken, params: { concertId } },
    { method: 'POST', path: '/admin/concerts/:concertId/line/resume', adminToken: h.adminToken, params: { concertId } },
    {
      method: 'POST',
      path: '/admin/concerts/:concertId/line/limits',
      adminToken: h.adminToken,
      params: { concertId },
      body: { schema: lineLimitsBody, valid: { maxActive: 5 } },
    },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/openapi.json' },
  ]
}

/**
 * Sends every route requests that are valid but for at least one defect
 * (missing or malformed headers, bad parameters, malformed JSON, wrong types,
 * oversized or non-JSON bodies): never a 500, never a change in state.
 */
export function describeHttpFuzz(name: string, options: { createApp: CreateApp; numRuns?: number }): void {
  describe(name, () => {
    const recorded = recordMutations(memoryStores)
    let h: Harness
    let routes: FuzzRoute[]
    let buyer: Buyer
    beforeAll(async () => {
      h = await startHarness(options.createApp, recorded.makeStores)
      const concert = await createConcert(h, { seats: 5, price: 100 })
      buyer = await admittedBuyer(h, concert.concertId)
      const hold = await holdSeat(h, buyer, concert.scheduleIds[0] ?? '', 1)
      await charge(h, buyer.userId, 1_000)
      routes = fuzzRoutes(h, concert, buyer, hold.holdId)
    })
    afterAll(async () => {
      await h?.stop()
    })

    it('covers every route the servers mount', () => {
      const fuzzed = routes.map((route) => `${route.method} ${route.path}`).sort()
      // GET /events answers a stream that stays open; its refused queries are tested in describe-http-events.
      const mounted = apiRoutes
        .map((route) => `${route.method} ${route.path}`)
        .filter((route) => route !== 'GET /events')
      expect(fuzzed).toEqual(mounted.sort())
    })

    it('refuses every defective request with a 4xx error and changes nothing', async () => {
      const before = await snapshot(h.box, buyer)
      const inputRoutes = routes.filter((route) => route.user !== undefined || route.adminToken !== undefined)
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...inputRoutes)
            .chain((route) => defectiveRequest(route, h.bodyLimitBytes).map((request) => ({ route, request }))),
          async ({ route, request }) => {
            // Cleared per run, so a shrunk counterexample is judged on its own calls.
            recorded.clear()
            const response = await h.call(request.method, request.path, request.options)
            expect(
              response.status,
              `${request.method} ${request.path} ${request.defects.join(',')}`,
            ).toBeGreaterThanOrEqual(400)
            expect(response.status).toBeLessThan(500)
            expect(errorSchema.safeParse(response.body).success).toBe(true)
            // Every answer is one the route declares (and so the OpenAPI document lists for it).
            const declared = apiRoutes.find((api) => api.method === route.method && api.path === route.path)?.errors
            expect(declared, `${route.method} ${route.path}`).toContain(errorSchema.parse(response.body).error.type)
            expect(recorded.mutations).toEqual([])
          },
        ),
        { numRuns: options.numRuns ?? 300 },
      )
      expect(await snapshot(h.box, buyer)).toEqual(before)
    })

    it('answers the open routes whatever headers come with them, without a change', async () => {
      const before = await snapshot(h.box, buyer)
      recorded.clear()
      const open = routes.filter((route) => route.user === undefined && route.adminToken === undefined)
      const noise = fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 100,
      })
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...open), noise, noise, async (route, user, token) => {
          const response = await h.call(route.method, route.path, {
            headers: { 'x-user-id': user, 'queue-token': token },
          })
          expect(response.status).toBe(200)
        }),
        { numRuns: 50 },
      )
      expect(recorded.mutations).toEqual([])
      expect(await snapshot(h.box, buyer)).toEqual(before)
    })

    it('does record the change a valid request makes (the check above can fail)', async () => {
      recorded.clear()
      const chargeRoute = routes.find((route) => route.path === '/wallet/charges')
      if (chargeRoute === undefined) throw new Error('no charge route')
      const request = validRequest(chargeRoute)
      const response = await h.call(request.method, request.path, request.options)
      expect(response.status).toBe(200)
      expect(recorded.mutations).toEqual(['charge'])
    })
  })
}
