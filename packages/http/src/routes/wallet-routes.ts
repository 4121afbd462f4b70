import { Result } from 'neverthrow'
import type { ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readChargeKey, readUserId } from '../request-parts.js'
import { chargeBody, chargeHeaders, userHeaders } from '../request-schemas.js'
import { balanceSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const balanceRoute: ApiRoute = {
  method: 'GET',
  path: '/wallet',
  operation: describeOperation({
    operationId: 'getBalance',
    summary: 'Your points balance',
    tag: 'wallet',
    headers: userHeaders,
    success: { status: 200, description: 'The balance (0 before the first charge).', schema: balanceSchema },
    errors: { 400: 'ValidationFailed', 401: 'MissingIdentity', 503: 'StoreUnavailable' },
  }),
  handle: (request, { box }) =>
    respond(
      readUserId(request.headers).asyncAndThen((userId) => box.wallet.balance({ userId })),
      (balance) => reply(200, { balance }),
    ),
}

export const chargeRoute: ApiRoute = {
  method: 'POST',
  path: '/wallet/charges',
  operation: describeOperation({
    operationId: 'charge',
    summary: 'Add points',
    description:
      'With an Idempotency-Key, a retry returns the balance the first call answered and adds nothing; ' +
      'the same key with another amount is refused.',
    tag: 'wallet',
    headers: chargeHeaders,
    body: chargeBody,
    success: { status: 200, description: 'The balance right after this charge.', schema: balanceSchema },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity',
      409: 'IdempotencyConflict',
      422: 'ChargeLimitExceeded (one charge or the balance above the limit)',
      503: 'StoreUnavailable, StoreConflict',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request.headers),
        readChargeKey(request.headers),
        readBody(chargeBody, request.body),
      ]).asyncAndThen(([userId, idempotencyKey, { amount }]) =>
        box.wallet.charge(idempotencyKey === undefined ? { userId, amount } : { userId, amount, idempotencyKey }),
      ),
      (receipt) => reply(200, { balance: receipt.balance }),
    ),
}

export const walletRoutes: readonly ApiRoute[] = [balanceRoute, chargeRoute]
