import * as core from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import * as kit from '../src/index.js'

// One instance of every error type, from the factories the library and the edge use.
const samples: readonly kit.ApiError[] = [
  core.validationFailed('body.amount', [{ path: 'body.amount', message: 'expected an integer' }]),
  core.storeUnavailable(new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2')),
  core.storeConflict(),
  core.paymentNotFound('p1'),
  core.notPaymentOwner('p1'),
  core.alreadyRefunded('p1'),
  core.refundWindowClosed('p1', new Date('2030-05-31T19:00:00Z')),
  core.scheduleCancelled('s1'),
  core.tokenNotFound('c~t'),
  core.tokenExpired('c~t'),
  core.tokenNotActive('c~t', 'WAITING'),
  core.tokenUserMismatch('c~t'),
  core.tokenConcertMismatch('c~t', 'c'),
  core.queueReset('c~t.0a1b2c3d.7', 'c'),
  core.saleClosed('c', new Date('2030-01-01T00:00:00Z')),
  core.saleAlreadyOpen('c', null),
  core.concertNotFound('c'),
  core.scheduleNotFound('s'),
  core.seatNotFound('s', 9),
  core.seatUnavailable('s', 9),
  core.holdLimitReached(4),
  core.noAdjacentSeats('s', 3),
  core.notEnoughSeats('s', 3, 1),
  core.holdNotExtendable('h', 'EXTENDED'),
  core.holdNotFound('h'),
  core.notHoldOwner('h'),
  core.holdNotActive('h', 'RELEASED'),
  core.holdExpired('h', new Date('2030-01-01T00:00:00Z')),
  core.alreadyPaid('h'),
  core.insufficientBalance(10, 25),
  core.chargeLimitExceeded(2_000_000, 1_000_000, 'amount'),
  core.idempotencyConflict('k'),
  kit.missingIdentity(),
  kit.missingQueueToken(),
  kit.missingIdempotencyKey(),
  kit.headersTooLarge(),
  kit.adminUnauthorized(),
  kit.adminDisabled(),
  kit.malformedRequest('the body is not valid JSON'),
  kit.payloadTooLarge(16_384),
  kit.unsupportedMediaType(),
  kit.routeNotFound('GET', '/nowhere'),
  kit.internalError(new Error('a bug at line 12')),
]

// SPEC section 7: 400 validation, 401 missing identity or token, 403 token not
// active / not yours, 404 not found, 409 seat unavailable / already paid /
// idempotency conflict / hold expired, 402 insufficient balance, 422 charge
// limit, 503 store unavailable; the edge adds 413, 415 and 500.
const expected: Record<kit.ApiError['type'], number> = {
  ValidationFailed: 400,
  MalformedRequest: 400,
  MissingIdempotencyKey: 400,
  MissingIdentity: 401,
  MissingQueueToken: 401,
  AdminUnauthorized: 401,
  InsufficientBalance: 402,
  TokenNotActive: 403,
  TokenExpired: 403,
  TokenUserMismatch: 403,
  TokenConcertMismatch: 403,
  NotHoldOwner: 403,
  AdminDisabled: 403,
  TokenNotFound: 404,
  ConcertNotFound: 404,
  ScheduleNotFound: 404,
  SeatNotFound: 404,
  HoldNotFound: 404,
  RouteNotFound: 404,
  SeatUnavailable: 409,
  HoldLimitReached: 409,
  NoAdjacentSeats: 409,
  NotEnoughSeats: 409,
  HoldNotExtendable: 409,
  HoldNotActive: 409,
  HoldExpired: 409,
  AlreadyPaid: 409,
  IdempotencyConflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  HeadersTooLarge: 431,
  ChargeLimitExceeded: 422,
  InternalError: 500,
  StoreUnavailable: 503,
  StoreConflict: 503,
  QueueReset: 503,
  SaleClosed: 410,
  SaleAlreadyOpen: 409,
  // SPEC 8.2: a refund the payment's state forbids is a conflict; a cancelled date is gone
  PaymentNotFound: 404,
  NotPaymentOwner: 403,
  AlreadyRefunded: 409,
  RefundWindowClosed: 409,
  ScheduleCancelled: 410,
}

describe('toErrorReply', () => {
  it('has a sample of every error type', () => {
    expect(new Set(samples.map((error) => error.type))).toEqual(new Set(Object.keys(expected)))
  })

  it.each(samples.map((error) => [error.type, error] as const))('gives %s the status of the spec', (type, error) => {
    const reply = kit.toErrorReply(error)
    expect(reply.status).toBe(expected[type])
    expect(reply.error).toBe(error)
    expect(reply.body).toMatchObject({ error: { type, message: expect.any(String) } })
  })

  it('keeps causes out of the body and tells clients when to retry', () => {
    for (const error of samples) {
      const body = JSON.stringify(kit.toErrorReply(error).body)
      expect(body).not.toContain('hunter2')
      expect(body).not.toContain('line 12')
      expect(body).not.toContain('"cause"')
    }
    expect(kit.toErrorReply(core.storeUnavailable(new Error('down'))).headers).toEqual({ 'retry-after': '1' })
    expect(kit.toErrorReply(core.storeConflict()).headers).toEqual({ 'retry-after': '1' })
  })

  it('shows the details a client can act on', () => {
    expect(kit.toErrorReply(core.insufficientBalance(10, 25)).body).toEqual({
      error: expect.objectContaining({ type: 'InsufficientBalance', balance: 10, price: 25 }),
    })
    expect(kit.toErrorReply(core.seatUnavailable('s', 9)).body).toEqual({
      error: expect.objectContaining({ scheduleId: 's', seatNo: 9, seatNos: [9] }),
    })
    expect(kit.toErrorReply(core.seatUnavailable('s', [4, 2])).body).toEqual({
      error: expect.objectContaining({ seatNo: 2, seatNos: [2, 4] }),
    })
    expect(kit.toErrorReply(core.notEnoughSeats('s', 3, 1)).body).toEqual({
      error: expect.objectContaining({ count: 3, available: 1 }),
    })
  })
})

describe('fromFrameworkError', () => {
  it('reads what Fastify and Express throw before a route runs', () => {
    const tagged = (fields: Record<string, unknown>): Error => Object.assign(new Error('framework'), fields)
    expect(kit.fromFrameworkError(tagged({ statusCode: 413 }), 100)).toEqual(kit.payloadTooLarge(100))
    expect(kit.fromFrameworkError(tagged({ status: 415 }), 100).type).toBe('UnsupportedMediaType')
    expect(kit.fromFrameworkError(tagged({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), 100)).toEqual(
      kit.malformedRequest('the body is not valid JSON'),
    )
    expect(kit.fromFrameworkError(tagged({ status: 400, type: 'entity.parse.failed' }), 100).type).toBe(
      'MalformedRequest',
    )
    expect(kit.fromFrameworkError(new TypeError('x is undefined'), 100).type).toBe('InternalError')
    expect(kit.fromFrameworkError(tagged({ statusCode: 502 }), 100).type).toBe('InternalError')
  })

  it("reads the router's refusal of a path that is not valid percent-encoding, from either framework", () => {
    const fastify = Object.assign(new Error('bad url'), { code: 'FST_ERR_BAD_URL', statusCode: 400 })
    const express = Object.assign(new URIError("Failed to decode param '%zz'"), { status: 400 })
    for (const error of [fastify, express]) {
      expect(kit.fromFrameworkError(error, 100)).toEqual(kit.malformedRequest('the path is not valid percent-encoding'))
    }
  })

  it('gives back unchanged a refusal the edge decided inside a framework hook', () => {
    const refusal = kit.unsupportedCharset('latin1')
    expect(kit.fromFrameworkError(new kit.EdgeRefusal(refusal), 100)).toBe(refusal)
  })
})
