import type { StoreError } from '../errors.js'
import type { CallWrapper } from './instrumentation.js'

/**
 * Where boxoffice writes its few log lines: a pino logger fits as it is, and
 * so does anything with these four methods taking a details object first.
 * Without one, nothing is logged.
 *
 * @example
 * ```ts
 * import { pino } from 'pino'
 *
 * const logger = pino({ level: 'info' })
 * const box = createBoxOffice({ ...stores, logger })
 * const scheduler = createScheduler(box, { intervalMs: 1_000, logger })
 * ```
 */
export interface Logger {
  /** Routine detail: one line per scheduler tick. */
  debug(details: object, message: string): void
  /** Notable events. */
  info(details: object, message: string): void
  /** A failure that was retried or skipped: a scheduler tick's failed call, a StoreConflict. */
  warn(details: object, message: string): void
  /** A store that did not answer (StoreUnavailable), with the driver's error as `err`. */
  error(details: object, message: string): void
}

const isStoreError = (error: { readonly type: string }): error is StoreError =>
  error.type === 'StoreUnavailable' || error.type === 'StoreConflict'

/**
 * The details of a failure for a log line: its type, and for a store failure
 * the driver's error as `err`, which pino prints with its stack.
 */
export function failureDetails(call: string, error: { readonly type: string }): object {
  return 'cause' in error ? { call, errorType: error.type, err: error.cause } : { call, errorType: error.type }
}

/**
 * Logs every store call that fails with StoreUnavailable (error: the store
 * did not answer) or StoreConflict (warn: contention outlasted the retries).
 * Other errors are answers, not failures, and are not logged.
 */
export function logStoreFailures(logger: Logger): CallWrapper {
  // orTee: the caller gets the same result, and a throwing logger cannot turn it into a rejection.
  return (call, run) =>
    run().orTee((error) => {
      if (!isStoreError(error)) return
      const details = failureDetails(call.name, error)
      if (error.type === 'StoreUnavailable') logger.error(details, `${call.name}: ${error.message}`)
      else logger.warn(details, `${call.name}: ${error.message}`)
    })
}
