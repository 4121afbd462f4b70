import { expect, it } from 'vitest'
import { errorOf, type ApiResponse } from './http-client.ts'
import { adminHeaders, admittedBuyer, createConcert, expectStatus, newUser, payHeaders } from './scenario.ts'
import type { Harness } from './server-harness.ts'

const failure = (response: ApiResponse, status: number, type: string): Record<string, unknown> => {
  expectStatus(response, status)
  const error = errorOf(response)
  expect(error.type).toBe(type)
  expect(error.message.length).toBeGreaterThan(0)
  return error
}

/** Requests refused at the edge: identity, headers, bodies, routes, admin access. */
export function requestErrorTests(harness: () => Harness): void {
  it('answers 401 without X-User-Id or without Queue-Token', async () => {
    const h = harness()
    failure(await h.call('GET', '/wallet'), 401, 'MissingIdentity')
    failure(await h.call('POST', '/wallet/charges', { json: { amount: 5 } }), 401, 'MissingIdentity')
    failure(
      await h.call('GET', '/queue/tokens/current', { headers: { 'x-user-id': newUser() } }),
      401,
      'MissingQueueToken',
    )
    const { concertId } = await createConcert(h)
    failure(
      await h.call('GET', `/concerts/${concertId}/dates`, { headers: { 'x-user-id': newUser() } }),
      401,
      'MissingQueueToken',
    )
  })

  it('answers 400 naming the field for a malformed header, parameter or body', async () => {
    const h = harness()
    const badUser = failure(
      await h.call('GET', '/wallet', { headers: { 'x-user-id': 'not an id!' } }),
      400,
      'ValidationFailed',
    )
    expect(badUser['field']).toBe('userId')

    const userId = newUser()
    const badAmount = failure(
      await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': userId }, json: { amount: '100' } }),
      400,
      'ValidationFailed',
    )
    expect(badAmount['field']).toBe('body.amount')
    const fraction = failure(
      await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': userId }, json: { amount: 1.5 } }),
      400,
      'ValidationFailed',
    )
    expect(fraction['field']).toBe('body.amount')
    const extra = failure(
      await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': userId }, json: { amount: 1, admin: true } }),
      400,
      'ValidationFailed',
    )
    expect(extra['field']).toMatch(/^body(\.admin)?$/)
    failure(await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': userId } }), 400, 'ValidationFailed')

    const { concertId } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    const badParam = failure(
      await h.call('GET', '/concerts/no%20spaces/dates', { headers: buyer.headers }),
      400,
      'ValidationFailed',
    )
    expect(badParam['field']).toBe('concertId')
    const badToken = failure(
      await h.call('GET', '/queue/tokens/current', { headers: { 'x-user-id': userId, 'queue-token': 'no-separator' } }),
      400,
      'ValidationFailed',
    )
    expect(badToken['field']).toBe('Queue-Token')
    const noKey = failure(
      await h.call('POST', '/payments', { headers: buyer.headers, json: { holdId: 'h-1' } }),
      400,
      'MissingIdempotencyKey',
    )
    expect(noKey.message).toContain('Idempotency-Key')
    const badSeat = failure(
      await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId: 's', seatNo: 0 } }),
      400,
      'ValidationFailed',
    )
    expect(badSeat['field']).toBe('body.seatNo')
    expect(await h.call('GET', '/wallet', { headers: { 'x-user-id': userId } })).toMatchObject({ body: { balance: 0 } })
  })

  it('answers 400 for a body that is not JSON, 415 for one that is not application/json, 413 for one too large', async () => {
    const h = harness()
    const headers = { 'x-user-id': newUser() }
    failure(
      await h.call('POST', '/wallet/charges', { headers, raw: '{"amount": 5', contentType: 'application/json' }),
      400,
      'MalformedRequest',
    )
    failure(
      await h.call('POST', '/wallet/charges', { headers, raw: 'amount=5', contentType: 'text/plain' }),
      415,
      'UnsupportedMediaType',
    )
    failure(
      await h.call('POST', '/wallet/charges', {
        headers,
        raw: 'amount=5',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
      'UnsupportedMediaType',
    )
    const padding = 'x'.repeat(h.bodyLimitBytes + 1)
    const tooLarge = failure(
      await h.call('POST', '/wallet/charges', { headers, json: { amount: 5, padding } }),
      413,
      'PayloadTooLarge',
    )
    expect(tooLarge['limitBytes']).toBe(h.bodyLimitBytes)
    expect((await h.call('GET', '/wallet', { headers })).body).toEqual({ balance: 0 })
  })

  it('answers 404 in the error shape for a route that does not exist', async () => {
    const h = harness()
    failure(await h.call('GET', '/no/such/route'), 404, 'RouteNotFound')
    failure(await h.call('PUT', '/wallet', { headers: { 'x-user-id': newUser() } }), 404, 'RouteNotFound')
  })

  it('guards the admin routes with the bearer token, and refuses them when no token is configured', async () => {
    const h = harness()
    const missing = await h.call('POST', '/admin/concerts', { json: { title: 'Pirate Show' } })
    failure(missing, 401, 'AdminUnauthorized')
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
    failure(
      await h.call('POST', '/admin/concerts', {
        headers: { authorization: 'Bearer wrong-token' },
        json: { title: 'X' },
      }),
      401,
      'AdminUnauthorized',
    )
    const { concertId } = await createConcert(h)
    failure(
      await h.call('POST', `/admin/concerts/${concertId}/schedules`, {
        headers: { authorization: `Basic ${h.adminToken}` },
        json: { startsAt: '2030-01-01T19:00:00Z', seats: 1, price: 1 },
      }),
      401,
      'AdminUnauthorized',
    )
    failure(
      await h.call('POST', '/admin/concerts/no-such-concert/schedules', {
        headers: adminHeaders(h),
        json: { startsAt: '2030-01-01T19:00:00Z', seats: 1, price: 1 },
      }),
      404,
      'ConcertNotFound',
    )
    failure(
      await h.call('POST', `/admin/concerts/${concertId}/schedules`, {
        headers: adminHeaders(h),
        json: { startsAt: 'tomorrow', seats: 1, price: 1 },
      }),
      400,
      'ValidationFailed',
    )

    const closed = h.createApp({ box: h.box })
    const url = await closed.start({ port: 0, host: '127.0.0.1' })
    try {
      const refused = await fetch(`${url}/admin/concerts`, {
        method: 'POST',
        headers: { ...adminHeaders(h), 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Nobody may add this' }),
      })
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('AdminDisabled')
    } finally {
      await closed.stop()
    }
    const titles = ((await h.call('GET', '/concerts')).body as { title: string }[]).map((concert) => concert.title)
    expect(titles).not.toContain('Pirate Show')
    expect(titles).not.toContain('Nobody may add this')
  })

  it('refuses a payment without an Idempotency-Key before anything is charged', async () => {
    const h = harness()
    const { concertId, scheduleIds } = await createConcert(h, { price: 10 })
    const buyer = await admittedBuyer(h, concertId)
    const hold = await h.call('POST', '/holds', {
      headers: buyer.headers,
      json: { scheduleId: scheduleIds[0], seatNo: 1 },
    })
    const { holdId } = hold.body as { holdId: string }
    await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': buyer.userId }, json: { amount: 10 } })
    failure(
      await h.call('POST', '/payments', { headers: buyer.headers, json: { holdId } }),
      400,
      'MissingIdempotencyKey',
    )
    failure(
      await h.call('POST', '/payments', { headers: payHeaders(buyer, 'spaces are not allowed'), json: { holdId } }),
      400,
      'ValidationFailed',
    )
    expect((await h.call('GET', '/wallet', { headers: { 'x-user-id': buyer.userId } })).body).toEqual({ balance: 10 })
  })
}
