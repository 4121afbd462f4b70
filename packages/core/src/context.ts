import type { Clock } from './clock.js'
import type { IdGenerator } from './ids.js'
import type { Policy } from './policy.js'
import type { BookingStore, QueueStore } from './ports.js'
import type { RandomSource } from './random.js'

/** What every use case works with: the two stores, time, ids and the resolved policy. */
export interface BoxOfficeContext {
  readonly queue: QueueStore
  readonly booking: BookingStore
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly policy: Policy
  /** Draws the order of a fair opening. */
  readonly random: RandomSource
}
