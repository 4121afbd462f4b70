import type { ResultAsync } from 'neverthrow'
import type { ApiError } from './api-error.js'
import { toErrorReply } from './error-reply.js'
import type { HttpReply } from './http-exchange.js'

/**
 * Turns a route's outcome into its reply: `onOk` for a success, the one
 * error mapping for any failure.
 *
 * @example
 * ```ts
 * respond(box.wallet.balance({ userId }), (balance) => reply(200, { balance }))
 * ```
 */
export function respond<T>(outcome: ResultAsync<T, ApiError>, onOk: (value: T) => HttpReply): Promise<HttpReply> {
  return outcome.match(onOk, toErrorReply)
}
