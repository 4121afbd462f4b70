import type fc from 'fast-check'
import { ResultAsync, type Result } from 'neverthrow'
import type { Stores } from '../rig.js'

/**
 * Every port method waits for the scheduler before it starts, so the port
 * calls of concurrent facade calls (pay's lookup, authorize, settle and
 * complete...) run in an order fast-check chooses, and shrinks on failure.
 */
function gated<S extends object>(store: S, scheduler: fc.Scheduler, side: string): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver)
      if (typeof member !== 'function') return member
      const label = `${side}.${String(property)}`
      return (...args: unknown[]) =>
        new ResultAsync(
          scheduler
            .schedule(Promise.resolve(label), label)
            .then(() => (member as (...a: unknown[]) => PromiseLike<Result<unknown, unknown>>).apply(target, args)),
        )
    },
  })
}

/** Wraps both stores so the scheduler orders their calls. */
export function scheduledStores(scheduler: fc.Scheduler): (stores: Stores) => Stores {
  return (stores) => ({
    queue: gated(stores.queue, scheduler, 'queue'),
    booking: gated(stores.booking, scheduler, 'booking'),
  })
}
