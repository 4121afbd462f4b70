import type { BookingStore, QueueStore } from '@boxoffice/core/adapter'
import { createMemoryBookingStore } from './memory-booking-store.js'
import { createMemoryQueueStore } from './memory-queue-store.js'

export { createMemoryBookingStore } from './memory-booking-store.js'
export { createMemoryQueueStore, type MemoryQueueStoreOptions } from './memory-queue-store.js'

/** Both stores of one in-memory box office. */
export interface MemoryStores {
  readonly queue: QueueStore
  readonly booking: BookingStore
}

/**
 * Both ports in process memory: spread the result into `createBoxOffice`.
 *
 * @example
 * ```ts
 * import { createBoxOffice } from '@boxoffice/core'
 * import { createMemoryStores } from '@boxoffice/adapter-memory'
 *
 * const box = createBoxOffice({ ...createMemoryStores() })
 * ```
 */
export function createMemoryStores(): MemoryStores {
  return { queue: createMemoryQueueStore(), booking: createMemoryBookingStore() }
}
