import { Result } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readChargeKey, readUserId } from '../request-parts.js'
import { chargeBody, chargeHeaders } from '../request-schemas.js'
import { balanceSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const balanceRoute = defineRoute({
  method: 'GET',
  path: '/wallet',
  auth: 'user',
  operationId: 'getBalance',
  summary: 'Your points balance',
  tag: 'wallet',
  success: { status: 200, description: 'The balance (0 before the first charge).', schema: balanceSchema },
  errors: ['ValidationFailed', 'MissingIdentity', 'StoreUnavailable', 'StoreConflict'],
  example: { response: examples.balance },
  handle: (request, { box }) =>
    respond(
      readUserId(request).asyncAndThen((userId) => box.wallet.balance({ userId })),
      (balance) => reply(200, { balance }),
    ),
})

export const chargeRoute = defineRoute({
  method: 'POST',
  path: '/wallet/charges',
  auth: 'user',
  operationId: 'charge',
  summary: 'Add points',
  description:
    'With an Idempotency-Key, a retry returns the balance the first call answered and adds nothing; ' +
    'the same key with another amount is refused (IdempotencyConflict). ChargeLimitExceeded: one charge or ' +
    'the balance above the limit.',
  tag: 'wallet',
  headers: chargeHeaders,
  body: chargeBody,
  success: { status: 200, description: 'The balance right after this charge.', schema: balanceSchema },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'IdempotencyConflict',
    'ChargeLimitExceeded',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.charge, response: examples.balance },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readChargeKey(request.headers),
        readBody(chargeBody, request.body),
      ]).asyncAndThen(([userId, idempotencyKey, { amount }]) =>
        box.wallet.charge(idempotencyKey === undefined ? { userId, amount } : { userId, amount, idempotencyKey }),
      ),
      (receipt) => reply(200, { balance: receipt.balance }),
    ),
})

export const walletRoutes: readonly ApiRoute[] = [balanceRoute, chargeRoute]
