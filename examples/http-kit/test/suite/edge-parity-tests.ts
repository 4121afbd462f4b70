import { gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { errorOf, type ApiResponse } from './http-client.ts'
import { rawRequest } from './raw-request.ts'
import { admittedBuyer, balanceOf, createConcert, newUser } from './scenario.ts'
import type { Harness } from './server-harness.ts'

/** The documented error reply: the status, JSON, `{ error: { type, message } }`, and the type. */
function refused(response: ApiResponse, status: number, type: string): Record<string, unknown> {
  expect(response.status, JSON.stringify(response.body)).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const error = errorOf(response)
  expect(error.type, error.message).toBe(type)
  expect(error.message.length).toBeGreaterThan(0)
  return error
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/**
 * What both servers answer for requests their framework handles before a
 * route runs (the router, the body parser, Node's HTTP parser), so a client
 * sees one API whichever server it talks to: the same status and the same
 * `{ error: { type, message } }` shape for each.
 */
export function edgeParityTests(harness: () => Harness): void {
  it('answers 400 MalformedRequest for a path that is not valid percent-encoding, on a route or off every route', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    for (const path of ['/concerts/%zz/dates', '/concerts/%E0%A4%A/dates', '/nowhere/%zz']) {
      const error = refused(
        await rawRequest(h.url, { method: 'GET', path, headers: buyer.headers }),
        400,
        'MalformedRequest',
      )
      expect(error.message, path).toMatch(/percent-encod/)
    }
  })

  it('answers 400 ValidationFailed naming the parameter and its limit for a path parameter far over the limit', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    for (const length of [200, 2_000, 12_000]) {
      const path = `/concerts/${'a'.repeat(length)}/dates`
      const error = refused(
        await rawRequest(h.url, { method: 'GET', path, headers: buyer.headers }),
        400,
        'ValidationFailed',
      )
      expect(error['field'], `${length} characters`).toBe('concertId')
      expect(error.message, `${length} characters`).toContain('1-128 characters')
    }
  })

  it('answers 431 HeadersTooLarge in the error shape for headers larger than the server reads', async () => {
    const h = harness()
    const big = await rawRequest(h.url, {
      method: 'GET',
      path: '/wallet',
      headers: { 'x-user-id': newUser(), 'x-padding': 'a'.repeat(20_000) },
    })
    refused(big, 431, 'HeadersTooLarge')
  })

  it('refuses a body sent with a Content-Encoding with 415 naming the header, and takes Content-Encoding: identity', async () => {
    const h = harness()
    const userId = newUser()
    const json = utf8(JSON.stringify({ amount: 5 }))
    const headers = { 'x-user-id': userId, 'content-type': 'application/json' }
    for (const [encoding, body] of [
      ['gzip', gzipSync(json)],
      ['br', json],
      ['x-unheard-of', json],
    ] as const) {
      const error = refused(
        await rawRequest(h.url, {
          method: 'POST',
          path: '/wallet/charges',
          headers: { ...headers, 'content-encoding': encoding },
          body,
        }),
        415,
        'UnsupportedMediaType',
      )
      expect(error.message, encoding).toContain('Content-Encoding')
    }
    expect(await balanceOf(h, userId)).toBe(0)
    const plain = await rawRequest(h.url, {
      method: 'POST',
      path: '/wallet/charges',
      headers: { ...headers, 'content-encoding': 'identity' },
      body: json,
    })
    expect(plain.status).toBe(200)
    expect(await balanceOf(h, userId)).toBe(5)
  })

  it('refuses JSON in a charset other than UTF-8 with 415, and takes charset=utf-8 in any spelling', async () => {
    const h = harness()
    const userId = newUser()
    const body = utf8(JSON.stringify({ amount: 5 }))
    for (const charset of ['klingon', 'iso-8859-1', 'utf-16']) {
      const error = refused(
        await rawRequest(h.url, {
          method: 'POST',
          path: '/wallet/charges',
          headers: { 'x-user-id': userId, 'content-type': `application/json; charset=${charset}` },
          body,
        }),
        415,
        'UnsupportedMediaType',
      )
      expect(error.message, charset).toMatch(/UTF-8/)
    }
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"']) {
      const accepted = await rawRequest(h.url, {
        method: 'POST',
        path: '/wallet/charges',
        headers: { 'x-user-id': userId, 'content-type': `application/json; charset=${charset}` },
        body,
      })
      expect(accepted.status, charset).toBe(200)
    }
    expect(await balanceOf(h, userId)).toBe(15)
  })

  it('refuses a body on a GET or a DELETE with 400 MalformedRequest', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    const body = utf8(JSON.stringify({ amount: 5 }))
    const json = { 'content-type': 'application/json' }
    refused(
      await rawRequest(h.url, { method: 'GET', path: '/wallet', headers: { ...buyer.headers, ...json }, body }),
      400,
      'MalformedRequest',
    )
    refused(
      await rawRequest(h.url, { method: 'GET', path: '/concerts', headers: { 'content-type': 'text/plain' }, body }),
      400,
      'MalformedRequest',
    )
    refused(
      await rawRequest(h.url, {
        method: 'DELETE',
        path: '/queue/tokens/current',
        headers: { ...buyer.headers, ...json },
        body,
      }),
      400,
      'MalformedRequest',
    )
    // The refused DELETE left the token in place.
    const current = await rawRequest(h.url, { method: 'GET', path: '/queue/tokens/current', headers: buyer.headers })
    expect(current.status).toBe(200)
  })

  it('reads an empty JSON body as no body, and a JSON value that is not an object as a wrong body', async () => {
    const h = harness()
    const headers = { 'x-user-id': newUser(), 'content-type': 'application/json' }
    for (const text of ['', '"a string"', 'null', '[1, 2]', '42']) {
      const error = refused(
        await rawRequest(h.url, { method: 'POST', path: '/wallet/charges', headers, body: utf8(text) }),
        400,
        'ValidationFailed',
      )
      expect(error['field'], JSON.stringify(text)).toBe('body')
    }
    const smuggled = refused(
      await rawRequest(h.url, {
        method: 'POST',
        path: '/wallet/charges',
        headers,
        body: utf8('{"amount": 5, "__proto__": {"idempotencyKey": "x"}}'),
      }),
      400,
      'ValidationFailed',
    )
    expect(smuggled['field']).toBe('body.__proto__')
    refused(
      await rawRequest(h.url, { method: 'POST', path: '/wallet/charges', headers, body: utf8('{"amount": 5') }),
      400,
      'MalformedRequest',
    )
  })

  it('answers 400 MissingIdempotencyKey, naming the header, for a payment without an Idempotency-Key', async () => {
    const h = harness()
    const { concertId } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    const missing = await h.call('POST', '/payments', { headers: buyer.headers, json: { holdId: 'h-1' } })
    const error = refused(missing, 400, 'MissingIdempotencyKey')
    expect(error.message).toContain('Idempotency-Key')
    const document = (await h.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>
    }
    expect(document.paths['/payments']?.['post']?.responses['400']?.description).toContain('MissingIdempotencyKey')
  })

  it('names the real limit in validation messages: an amount at least 1, a seat number at most its maximum', async () => {
    const h = harness()
    const userId = newUser()
    for (const amount of [0, -5]) {
      const error = refused(
        await h.call('POST', '/wallet/charges', { headers: { 'x-user-id': userId }, json: { amount } }),
        400,
        'ValidationFailed',
      )
      expect(error.message, `amount ${amount}`).toContain('at least 1')
    }
    const { concertId, scheduleIds } = await createConcert(h)
    const buyer = await admittedBuyer(h, concertId)
    for (const [seatNo, limit] of [
      [0, 'at least 1'],
      [100_001, 'at most 100000'],
      [1e20, 'at most 100000'],
    ] as const) {
      const error = refused(
        await h.call('POST', '/holds', { headers: buyer.headers, json: { scheduleId: scheduleIds[0], seatNo } }),
        400,
        'ValidationFailed',
      )
      expect(error.message, `seat ${seatNo}`).toContain(limit)
    }
  })
}
