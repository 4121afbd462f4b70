import { Result } from 'neverthrow'
import type { ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readPaymentKey, readQueueToken, readUserId } from '../request-parts.js'
import { payBody, paymentHeaders } from '../request-schemas.js'
import { paymentSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const payRoute: ApiRoute = {
  method: 'POST',
  path: '/payments',
  operation: describeOperation({
    operationId: 'pay',
    summary: 'Pay for a held seat',
    description:
      'Debits the price, sells the seat and completes your queue token, all at once. Idempotency-Key is required: ' +
      'a retry with the same key returns the same payment, even after the token is gone.',
    tag: 'payments',
    headers: paymentHeaders,
    body: payBody,
    success: { status: 201, description: 'The payment.', schema: paymentSchema },
    errors: {
      400: 'MissingIdempotencyKey (send an Idempotency-Key header), ValidationFailed (Idempotency-Key malformed)',
      401: 'MissingIdentity, MissingQueueToken',
      402: 'InsufficientBalance (charge the difference)',
      403: 'TokenNotActive, TokenExpired, TokenUserMismatch, TokenConcertMismatch, NotHoldOwner',
      404: 'TokenNotFound, HoldNotFound',
      409: 'HoldExpired, HoldNotActive, AlreadyPaid, IdempotencyConflict',
      503: 'StoreUnavailable, StoreConflict, QueueReset (enter again)',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request.headers),
        readQueueToken(request.headers),
        readPaymentKey(request.headers),
        readBody(payBody, request.body),
      ]).asyncAndThen(([userId, token, idempotencyKey, { holdId }]) =>
        box.payments.pay({ userId, token, holdId, idempotencyKey }),
      ),
      (payment) => reply(201, payment),
    ),
}

export const paymentRoutes: readonly ApiRoute[] = [payRoute]
