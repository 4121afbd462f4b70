import { Result } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readParams, readPaymentKey, readQueueToken, readUserId } from '../request-parts.js'
import { payBody, paymentHeaders, paymentParams, refundHeaders } from '../request-schemas.js'
import { paymentSchema, paymentSummarySchema, refundSchema } from '../response-schemas.js'
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

export const refundRoute = defineRoute({
  method: 'POST',
  path: '/payments/:paymentId/refund',
  auth: 'user',
  operationId: 'refund',
  summary: 'Give a sale back',
  description:
    'Returns the amount to your wallet and frees the seats, all at once; no queue token needed. ' +
    'Idempotency-Key is required: a retry with the same key returns the same refund. ' +
    'NotPaymentOwner: only the payer refunds. AlreadyRefunded: refunded before (by you, or when the date was ' +
    'cancelled). RefundWindowClosed (409): refunds close refund.cutoffMs (default 24 h) before the date starts.',
  tag: 'payments',
  headers: refundHeaders,
  params: paymentParams,
  success: { status: 200, description: 'The refund.', schema: refundSchema },
  errors: [
    'MissingIdempotencyKey',
    'ValidationFailed',
    'MissingIdentity',
    'PaymentNotFound',
    'NotPaymentOwner',
    'AlreadyRefunded',
    'RefundWindowClosed',
    'IdempotencyConflict',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { response: examples.refund },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readPaymentKey(request.headers),
        readParams(paymentParams, request.params),
      ]).asyncAndThen(([userId, idempotencyKey, { paymentId }]) =>
        box.payments.refund({ userId, paymentId, idempotencyKey }),
      ),
      (refund) => reply(200, refund),
    ),
})

export const listPaymentsRoute = defineRoute({
  method: 'GET',
  path: '/payments',
  auth: 'user',
  operationId: 'listPayments',
  summary: 'Your payments',
  description: 'Your latest 50 payments, newest first, each PAID or REFUNDED: what you may refund.',
  tag: 'payments',
  success: { status: 200, description: 'Your payments, newest first.', schema: paymentSummarySchema.array() },
  errors: ['ValidationFailed', 'MissingIdentity', 'StoreUnavailable', 'StoreConflict'],
  example: { response: examples.payments },
  handle: (request, { box }) =>
    respond(
      readUserId(request).asyncAndThen((userId) => box.payments.list({ userId })),
      (payments) => reply(200, payments),
    ),
})

export const getPaymentRoute = defineRoute({
  method: 'GET',
  path: '/payments/:paymentId',
  auth: 'user',
  operationId: 'getPayment',
  summary: 'One of your payments',
  description: "PaymentNotFound: no such payment, or another user's.",
  tag: 'payments',
  params: paymentParams,
  success: { status: 200, description: 'The payment.', schema: paymentSummarySchema },
  errors: ['ValidationFailed', 'MissingIdentity', 'PaymentNotFound', 'StoreUnavailable', 'StoreConflict'],
  example: { response: examples.payments[0] },
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request), readParams(paymentParams, request.params)]).asyncAndThen(
        ([userId, { paymentId }]) => box.payments.get({ userId, paymentId }),
      ),
      (payment) => reply(200, payment),
    ),
})

export const paymentRoutes: readonly ApiRoute[] = [payRoute, listPaymentsRoute, getPaymentRoute, refundRoute]
