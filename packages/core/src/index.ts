/**
 * `@boxoffice/core`: the `createBoxOffice` facade and what an application
 * needs around it (the scheduler, clocks, policy, the error union, the
 * records the facade returns, the store interfaces it takes), plus classic
 * zod schema fragments for an HTTP layer. Store authors find the ports and
 * the pure state transitions in `@boxoffice/core/adapter`.
 *
 * @packageDocumentation
 */
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
  type RefundPolicy,
} from './policy.js'
export * from './errors.js'
// What createBoxOffice takes (also exported, with the rest of the ports, from `@boxoffice/core/adapter`).
export type { AdmitReport, BookingStore, EventStore, QueueStore } from './ports.js'
export type { CallWrapper, Instrumentation, ObservedCall } from './observe/instrumentation.js'
export type { Logger } from './observe/logger.js'

export type { LiveTokenStatus, QueueToken, TokenStatus } from './queue/token.js'
export type { Ticket } from './queue/ticket.js'
export type { AdmitInput, AuthorizeInput, EnterInput, LineInput, SetLimitsInput, TokenInput } from './queue/schema.js'
export type { LineControls, LineSettings, SaleStage, SaleWindow } from './queue/sale-line.js'
export { cryptoRandom, type RandomSource } from './random.js'
export type { QueueApi } from './queue/queue-service.js'

export type * from './catalog/catalog.js'
export type {
  AddScheduleCommand,
  AddScheduleInput,
  ConcertInput,
  CreateConcertCommand,
  CancelScheduleInput,
  CreateConcertInput,
  ScheduleSaleCommand,
  ScheduleSaleInput,
  ScheduleInput,
} from './catalog/schema.js'
export type { CatalogApi } from './catalog/catalog-service.js'
export type { CancelReport } from './catalog/cancellation.js'

export type { Hold, HoldStatus } from './hold/hold.js'
export type { ExtendInput, HoldBestInput, HoldInput, ReleaseInput } from './hold/schema.js'
export { MAX_SEATS_PER_HOLD } from './hold/schema.js'
export type { HoldsApi } from './hold/hold-service.js'

export type { ChargeReceipt, LedgerEntry, LedgerKind } from './wallet/ledger.js'
export type { BalanceInput, ChargeInput, HistoryInput } from './wallet/schema.js'
export type { WalletApi } from './wallet/wallet-service.js'

export type { Payment } from './payment/payment.js'
export type { PaymentStatus, PaymentSummary, Refund, RefundReason } from './payment/refund.js'
export type { GetPaymentInput, ListPaymentsInput, PayInput, RefundInput } from './payment/schema.js'
export type { PayError, PaymentsApi, RefundPaymentError } from './payment/payment-service.js'

export { MAX_SEATS_PER_SCHEDULE, parseInput } from './validation.js'
export {
  amountSchema,
  createConcertInput,
  idempotencyKeySchema,
  idSchema,
  pointsSchema,
  seatNoSchema,
  tokenSchema,
  wholeNumber,
} from './integration-schemas.js'

export type * from './events/event.js'
export type { BookingEventStream, EventStream, EventStreamFilter, QueueEventStream } from './events/event-stream.js'
export { eventStreamName, parseEventStream } from './events/event-stream.js'
export type { ReadEventsInput, TrimEventsInput } from './events/schema.js'
export { MAX_EVENT_WAIT_MS, MAX_EVENTS_PER_READ } from './events/schema.js'
export type { EventsApi } from './events/events-service.js'
