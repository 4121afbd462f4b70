import { Result } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readPaymentKey, readQueueToken, readUserId } from '../request-parts.js'
import { payBody, paymentHeaders } from '../request-schemas.js'
import { paymentSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const payRoute = defineRoute({
  method: 'POST',
  path: '/payments',
  auth: 'user',
  operationId: 'pay',
  summary: 'Pay for a held seat',
  description:
    'Debits the price, sells the seat and completes your queue token, all at once. Idempotency-Key is required: ' +
    'a retry with the same key returns the same payment, even after the token is gone. InsufficientBalance: ' +
    'charge the difference and pay again.',
  tag: 'payments',
  headers: paymentHeaders,
  body: payBody,
  success: { status: 201, description: 'The payment.', schema: paymentSchema },
  errors: [
    'MissingIdempotencyKey',
    'ValidationFailed',
    'MissingIdentity',
    'MissingQueueToken',
    'InsufficientBalance',
    'TokenNotActive',
    'TokenExpired',
    'TokenUserMismatch',
    'TokenConcertMismatch',
    'NotHoldOwner',
    'TokenNotFound',
    'QueueReset',
    'HoldNotFound',
    'HoldExpired',
    'HoldNotActive',
    'AlreadyPaid',
    'IdempotencyConflict',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.pay, response: examples.payment },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readQueueToken(request.headers),
        readPaymentKey(request.headers),
        readBody(payBody, request.body),
      ]).asyncAndThen(([userId, token, idempotencyKey, { holdId }]) =>
        box.payments.pay({ userId, token, holdId, idempotencyKey }),
      ),
      (payment) => reply(201, payment),
    ),
})

export const paymentRoutes: readonly ApiRoute[] = [payRoute]
