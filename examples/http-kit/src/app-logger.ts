import { pino, type Logger } from 'pino'
import type { HttpReply } from './http-exchange.js'

/**
 * The process logger: JSON lines on stdout (pino). Credentials that headers
 * carry are redacted should a request ever be logged whole.
 *
 * @example
 * ```ts
 * const logger = createAppLogger({ level: 'info', name: 'boxoffice-fastify' })
 * ```
 */
export function createAppLogger(options: { readonly level: string; readonly name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: ['req.headers.authorization', 'req.headers["queue-token"]', 'err.cause.config'],
  })
}

/** The slice of a pino (or Fastify request) logger `logFailure` uses. */
export interface FailureLog {
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
