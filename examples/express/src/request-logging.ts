import { randomUUID } from 'node:crypto'
import type { Request, RequestHandler } from 'express'
import type { Logger } from 'pino'

const loggers = new WeakMap<Request, Logger>()

/**
 * One structured log line per request, shaped like Fastify's: the request on
 * arrival (debug) and its status and duration on completion (info), each
 * carrying the request's id.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint()
    const log = logger.child({ reqId: randomUUID() })
    loggers.set(request, log)
    log.debug({ req: { method: request.method, url: request.originalUrl } }, 'incoming request')
    response.once('finish', () => {
      const responseTime = Number(process.hrtime.bigint() - started) / 1e6
      log.info({ res: { statusCode: response.statusCode }, responseTime }, 'request completed')
    })
    next()
  }
}

/** The request's logger (the fallback for a request that failed before logging was set up). */
export function requestLog(request: Request, fallback: Logger): Logger {
  return loggers.get(request) ?? fallback
}
