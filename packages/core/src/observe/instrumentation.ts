import type { ResultAsync } from 'neverthrow'

/** One call an {@link Instrumentation} sees. */
export interface ObservedCall {
  /** `facade`: a `box.*` call; `store`: a port method the facade reaches; `tick`: one scheduler tick. */
  readonly kind: 'facade' | 'store' | 'tick'
  /**
   * `group.method`: `holds.hold`, `payments.pay` for the facade; `booking.holdSeat`,
   * `queue.admit` for a store (the port, then its method); `scheduler.tick`.
   */
  readonly name: string
  /** The call's argument as given: the caller's unvalidated input, or the store command. */
  readonly input: unknown
}

/**
 * Runs one call: it must call `run` exactly once and answer what `run`
 * answered, unchanged. It may time the call, open a span around it, count its
 * outcome and log it. A call's error always carries a `type`.
 */
export type CallWrapper = <T, E extends { readonly type: string }>(
  call: ObservedCall,
  run: () => ResultAsync<T, E>,
) => ResultAsync<T, E>

/**
 * The seam for tracing, metrics and logs: `createBoxOffice` and
 * `createScheduler` route each call through the wrapper of its kind. A kind
 * without a wrapper is not wrapped at all, so without instrumentation a call
 * costs exactly what it did without the seam. `@boxoffice/opentelemetry`
 * implements it with OpenTelemetry.
 *
 * @example
 * ```ts
 * const timing: Instrumentation = {
 *   facade: (call, run) => {
 *     const started = performance.now()
 *     const result = run()
 *     void result.then(() => console.log(call.name, performance.now() - started))
 *     return result
 *   },
 * }
 * const box = createBoxOffice({ ...createMemoryStores(), instrumentation: timing })
 * ```
 */
export interface Instrumentation {
  /** Around every facade call (`box.holds.hold(...)`). */
  readonly facade?: CallWrapper
  /** Around every store port method the facade calls. */
  readonly store?: CallWrapper
  /** Around every scheduler tick (given to `createScheduler`). */
  readonly tick?: CallWrapper
}
