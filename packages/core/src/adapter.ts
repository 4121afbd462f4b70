/**
 * `@boxoffice/core/adapter`: what only a store author needs. The ports a
 * store implements (`QueueStore`, `BookingStore` and their records), and the
 * pure state transitions a store applies inside its own atomic step so every
 * adapter decides exactly as the core does (`placeHold`, `settlePayment`,
 * `applyCharge`, `pollToken`...). The errors a store answers
 * (`storeUnavailable`, `tokenNotFound`...) and the domain records are public
 * API and come from `@boxoffice/core`.
 *
 * @example
 * ```ts
 * import { storeUnavailable } from '@boxoffice/core'
 * import { placeHold, type BookingStore } from '@boxoffice/core/adapter'
 * ```
 *
 * @packageDocumentation
 */
export type {
  AdmitReport,
  BookingStore,
  ChargeOutcome,
  EventStore,
  PayOutcome,
  QueuePosition,
  QueueStore,
  RefundRequest,
} from './ports.js'
export { decodeEventCursor, encodeEventCursor, EVENT_CURSOR } from './events/event-cursor.js'
export { inBookingStream } from './events/event-stream.js'

export {
  activateToken,
  admissionSlots,
  authorizeToken,
  decideEnter,
  idleSince,
  issueToken,
  openToken,
  pollToken,
  tokenLiveness,
  touchToken,
  type EnterDecision,
  type NewTokenFields,
  type TokenLiveness,
} from './queue/token.js'
export {
  applyControls,
  decideSchedule,
  defaultLineSettings,
  linePolicy,
  openingDue,
  saleStage,
  type LineSettings,
} from './queue/sale-line.js'
export { cryptoRandom, randomBelow, randomDraw52, shuffled, type RandomSource } from './random.js'
export { ADMISSION_WINDOW_TICKS, admissionRate, toTicket, type AdmissionWindow } from './queue/ticket.js'
export { composeToken, tokenConcertId } from './validation.js'

export {
  effectiveHoldStatus,
  expireHold,
  extendHold,
  holdWithStatus,
  isLiveClaim,
  isLiveHold,
  placeHold,
  releaseHold,
  seatStatus,
  type HoldSituation,
  type PlaceHoldCommand,
  type PlaceHoldError,
} from './hold/hold.js'
export {
  pickBestSeats,
  placeBestHold,
  type BestHoldCommand,
  type BestHoldError,
  type BestSeatsRequest,
} from './hold/best-seats.js'
export type { HoldCommandInput } from './hold/schema.js'

export { applyCharge, type ChargeCommand } from './wallet/charge.js'
export {
  chargeFingerprint,
  matchIdempotency,
  payFingerprint,
  refundFingerprint,
  type IdempotencyRecord,
} from './wallet/idempotency.js'

export { settlePayment, type SettleCommand, type Settlement, type SettleError } from './payment/payment.js'
export {
  cancellationRefundIds,
  decideRefund,
  paymentSummary,
  type RefundCommand,
  type RefundError,
  type RefundSettlement,
  type RefundSituation,
} from './payment/refund.js'
export { cancelSchedule } from './catalog/cancellation.js'
