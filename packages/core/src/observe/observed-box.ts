import type { BookingStore, QueueStore } from '../ports.js'
import type { Instrumentation } from './instrumentation.js'
import { logStoreFailures, type Logger } from './logger.js'
import { nestWrappers, observeMethods } from './observe-methods.js'

/** What `createBoxOffice` watches its calls with; both optional. */
export interface Observers {
  readonly instrumentation?: Instrumentation | undefined
  readonly logger?: Logger | undefined
}

/**
 * The two stores as the facade will call them: wrapped for the store
 * instrumentation and the logger when either is given, else untouched.
 */
export function observedStores(
  stores: { readonly queue: QueueStore; readonly booking: BookingStore },
  observers: Observers,
): { readonly queue: QueueStore; readonly booking: BookingStore } {
  const failures = observers.logger === undefined ? undefined : logStoreFailures(observers.logger)
  const wrap = nestWrappers(observers.instrumentation?.store, failures)
  if (wrap === undefined) return stores
  return {
    queue: observeMethods(stores.queue, 'store', 'queue', wrap),
    booking: observeMethods(stores.booking, 'store', 'booking', wrap),
  }
}

/** Members of the facade that are not groups of calls. */
const NOT_CALLS: ReadonlySet<string> = new Set(['policy', 'clock'])

/**
 * The facade, frozen, each group of calls (`box.holds`...) wrapped for the
 * facade instrumentation when there is one: a group added later is observed
 * with no change here.
 */
export function observedFacade<T extends object>(observers: Observers, facade: T): T {
  const wrap = observers.instrumentation?.facade
  if (wrap === undefined) return Object.freeze(facade)
  const observed = Object.entries(facade).map(([group, api]: [string, unknown]) =>
    NOT_CALLS.has(group) || typeof api !== 'object' || api === null
      ? [group, api]
      : [group, observeMethods(api, 'facade', group, wrap)],
  )
  return Object.freeze(Object.fromEntries(observed) as T)
}
