import { createMemoryStores } from '@boxoffice/adapter-memory'
import type { BookingStore, QueueStore } from '@boxoffice/core'

/** Fresh, empty stores for one suite, and how to throw them away. */
export interface TestStores {
  readonly queue: QueueStore
  readonly booking: BookingStore
  readonly cleanup: () => Promise<void>
}

export type MakeStores = () => Promise<TestStores>

export const memoryStores: MakeStores = async () => ({ ...createMemoryStores(), cleanup: async () => undefined })
