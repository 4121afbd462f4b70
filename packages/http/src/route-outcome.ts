import type { ResultAsync } from 'neverthrow'
import type { ApiError } from './api-error.js'
import { toErrorReply } from './error-reply.js'
import type { HttpReply, RouteReply } from './http-exchange.js'

/**
 * Turns a route's outcome into its reply: `onOk` for a success, the one
 * error mapping for any failure. The reply's type carries the outcome's error
 * types, which `defineRoute` checks against the route's declared errors.
 *
 * @example
 * ```ts
 * respond(box.wallet.balance({ userId }), (balance) => reply(200, { balance }))
 * ```
 */
export function respond<T, E extends ApiError>(
  outcome: ResultAsync<T, E>,
  onOk: (value: T) => HttpReply,
): Promise<RouteReply<E['type']>> {
  return outcome.match(onOk, toErrorReply)
}
