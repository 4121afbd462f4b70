import { pino, type Logger } from 'pino'

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
