import { storeUnavailable } from '@boxoffice/core'
import { errAsync, ResultAsync } from 'neverthrow'

/**
 * A store that can be switched off (every call answers StoreUnavailable, as
 * after a lost connection) or paused (calls wait, as behind a slow query).
 */
export interface Outage<S> {
  readonly store: S
  down(): void
  up(): void
  /** Holds every call until `release`; `reached` settles when the first held call arrives. */
  pause(): { readonly reached: Promise<void>; release(): void }
}

export function withOutage<S extends object>(inner: S): Outage<S> {
  let isDown = false
  let paused: { gate: Promise<void>; arrived: () => void } | undefined
  // The proxy's own target is empty: a frozen store would forbid a trap answering another function.
  const store = new Proxy({} as S, {
    get(_empty, property) {
      const value: unknown = Reflect.get(inner, property)
      if (typeof value !== 'function') return value
      return (...args: unknown[]): unknown => {
        if (isDown) return errAsync(storeUnavailable(new Error('connection refused (simulated)')))
        if (paused === undefined) return value.apply(inner, args)
        paused.arrived()
        return ResultAsync.fromSafePromise(paused.gate).andThen(
          () => value.apply(inner, args) as ResultAsync<unknown, unknown>,
        )
      }
    },
  })
  return {
    store,
    down: () => {
      isDown = true
    },
    up: () => {
      isDown = false
    },
    pause: () => {
      let release = (): void => undefined
      let arrived = (): void => undefined
      const gate = new Promise<void>((resolve) => (release = resolve))
      const reached = new Promise<void>((resolve) => (arrived = resolve))
      paused = { gate, arrived }
      return {
        reached,
        release: () => {
          paused = undefined
          release()
        },
      }
    },
  }
}
