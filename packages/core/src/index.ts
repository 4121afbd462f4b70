export { createBoxOffice, type BoxOffice, type BoxOfficeOptions } from './box-office.js'
export { createScheduler, type Scheduler, type SchedulerOptions, type TickReport } from './scheduler.js'
export { createManualClock, systemClock, type Clock, type ManualClock } from './clock.js'
export { randomIds, type IdGenerator, type IdKind } from './ids.js'
export {
  defaultPolicy,
  resolvePolicy,
  type ChargePolicy,
  type HoldPolicy,
  type Policy,
  type PolicyOverrides,
  type QueuePolicy,
} from './policy.js'
export * from './errors.js'
export type { AdmitReport, BookingStore, ChargeOutcome, QueuePosition, QueueStore } from './ports.js'
export type { BoxOfficeContext } from './context.js'
export type { CallWrapper, Instrumentation, ObservedCall } from './observe/instrumentation.js'
export type { Logger } from './observe/logger.js'

export * from './queue/token.js'
export * from './queue/sale-line.js'
export { cryptoRandom, randomBelow, randomDraw52, shuffled, type RandomSource } from './random.js'
export * from './queue/ticket.js'
export * from './queue/schema.js'
export type { QueueApi } from './queue/queue-service.js'

export * from './catalog/catalog.js'
export * from './catalog/schema.js'
export type { CatalogApi } from './catalog/catalog-service.js'

export * from './hold/hold.js'
export * from './hold/schema.js'
export type { HoldsApi } from './hold/hold-service.js'

export * from './wallet/ledger.js'
export * from './wallet/idempotency.js'
export * from './wallet/charge.js'
export * from './wallet/schema.js'
export type { WalletApi } from './wallet/wallet-service.js'

export * from './payment/payment.js'
export * from './payment/schema.js'
export type { PayError, PaymentsApi } from './payment/payment-service.js'

export {
  amountSchema,
  composeToken,
  idSchema,
  idempotencyKeySchema,
  tokenConcertId,
  tokenSchema,
  MAX_SEATS_PER_SCHEDULE,
  parseInput,
  pointsSchema,
  seatNoSchema,
  wholeNumber,
} from './validation.js'
