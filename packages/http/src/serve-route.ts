import type { ApiContext } from './api-context.js'
import { internalError } from './api-error.js'
import type { ApiRoute } from './api-route.js'
import { toErrorReply } from './error-reply.js'
import type { HttpReply, HttpRequestParts } from './http-exchange.js'

/** Bodies are a few ids and numbers; anything bigger is refused before parsing. */
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024

/**
 * The host application's authentication hook: the user id of the caller of a
 * request, or undefined (or null) when the request names nobody, which
 * answers 401 MissingIdentity on routes that need a caller. It runs only on
 * those routes. A hook that throws or rejects answers 500 InternalError.
 *
 * @example
 * ```ts
 * const identify: Identify<FastifyRequest> = async (request) => (await sessions.find(request.cookies.sid))?.userId
 * ```
 */
export type Identify<Request> = (request: Request) => string | undefined | null | Promise<string | undefined | null>

/**
 * Answers one request on one route: runs `identify` when the route needs a
 * caller, then the route. Never rejects: a hook or handler that throws
 * becomes a 500 InternalError reply (its cause kept for the logs).
 *
 * @example
 * ```ts
 * const answer = await serveRoute(route, request, { headers, params, body }, context, identify)
 * ```
 */
export async function serveRoute<Request>(
  route: ApiRoute,
  request: Request,
  parts: Omit<HttpRequestParts, 'userId'>,
  context: ApiContext,
  identify: Identify<Request>,
): Promise<HttpReply> {
  try {
    if (route.auth !== 'user' && route.auth !== 'viewer') return await route.handle(parts, context)
    const userId = (await identify(request)) ?? undefined
    return await route.handle({ ...parts, userId }, context)
  } catch (error) {
    return toErrorReply(internalError(error))
  }
}

/** The slice of a pino (or Fastify request) logger `logFailure` uses. */
export interface FailureLog {
  /** Logs one failure: `details.err` holds the error with its cause. */
  error(details: object, message: string): void
}

/**
 * Logs what lies behind a 5xx reply (a store's `cause`, a stack) that the
 * client is not shown. 4xx replies are the client's business: the access log
 * line with the status is enough.
 *
 * @example
 * ```ts
 * const answer = await route.handle(parts, context)
 * logFailure(request.log, answer)
 * ```
 */
export function logFailure(log: FailureLog, answer: HttpReply): void {
  if (answer.status >= 500 && answer.error !== undefined) {
    log.error({ err: answer.error }, `${answer.error.type}: ${answer.error.message}`)
  }
}
