import type { MakeStores } from './test-stores.ts'

const MUTATIONS = new Set([
  // QueueStore
  'enter',
  'leave',
  'complete',
  'admit',
  // BookingStore
  'createConcert',
  'addSchedule',
  'holdSeat',
  'releaseHold',
  'expireHolds',
  'charge',
  'pay',
])

/** Stores that note every call that could change state, so a test can assert none happened. */
export interface RecordedStores {
  readonly makeStores: MakeStores
  /** The mutating calls since the last `clear()`, as `method` names. */
  readonly mutations: string[]
  clear(): void
}

export function recordMutations(inner: MakeStores): RecordedStores {
  const mutations: string[] = []
  const record = <S extends object>(store: S): S =>
    // An empty proxy target: a frozen store would forbid a trap answering another function.
    new Proxy({} as S, {
      get(_empty, property) {
        const value: unknown = Reflect.get(store, property)
        if (typeof value !== 'function' || typeof property !== 'string' || !MUTATIONS.has(property)) return value
        return (...args: unknown[]) => {
          mutations.push(property)
          return value.apply(store, args)
        }
      },
    })
  return {
    makeStores: async () => {
      const stores = await inner()
      return { queue: record(stores.queue), booking: record(stores.booking), cleanup: stores.cleanup }
    },
    mutations,
    clear: () => {
      mutations.length = 0
    },
  }
}
