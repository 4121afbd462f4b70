import type { BookingStore } from '@boxoffice/core'
import { describe } from 'vitest'
import { describeBookingEvents } from './behaviour/booking-events.js'
import { describeCatalog } from './behaviour/catalog.js'
import { describeClockSteps } from './behaviour/clock-steps.js'
import { describeBadInput } from './bad-input/bad-input.js'
import { describeNotPlainData } from './bad-input/not-plain-data.js'
import { bookingCalls } from './bad-input/fuzz-calls.js'
import { describeStoreFailure } from './behaviour/store-failure.js'
import { describeConnectionDeath } from './faults/connection-death.js'
import { describeGates } from './behaviour/gates.js'
import { describeHolds } from './behaviour/holds.js'
import { describeOrders } from './behaviour/orders.js'
import { describeOrderRaces } from './concurrency/order-races.js'
import { describePayments } from './behaviour/payments.js'
import { describePaymentReplays } from './behaviour/payment-replays.js'
import { describeWallet } from './behaviour/wallet.js'
import { describeRefunds } from './behaviour/refunds.js'
import { describeCancellation } from './behaviour/cancellation.js'
import { describeBookingBursts } from './concurrency/booking-bursts.js'
import { describeRefundBursts } from './concurrency/refund-bursts.js'
import { describeEventBursts } from './concurrency/event-bursts.js'
import { describeBookingInterleavings } from './concurrency/booking-interleavings.js'
import { describeBookingInvariants } from './invariants/booking-invariants.js'
import { describeMoneyConservation } from './invariants/money-conservation.js'
import { describeModel } from './model/model-run.js'
import { resolveContractOptions, type ContractOptions, type MakeStore } from './harness.js'
import { bookingUnderTest, type Suite } from './rig.js'

/**
 * Registers the whole contract of a `BookingStore` with vitest: catalog,
 * holds, wallet and payments behaviours of the spec, the model-based test, one
 * property per booking invariant (with interleavings and bursts) and the
 * bad-input fuzz. The queue side of the facade runs on the memory adapter.
 *
 * @example
 * ```ts
 * import { describeBookingStoreContract } from '@boxoffice/adapter-test'
 * import { createMemoryBookingStore } from '@boxoffice/adapter-memory'
 *
 * describeBookingStoreContract('memory', async () => ({ store: createMemoryBookingStore() }))
 * ```
 */
export function describeBookingStoreContract(
  name: string,
  make: MakeStore<BookingStore>,
  options?: ContractOptions,
): void {
  const suite: Suite = { open: bookingUnderTest(make), options: resolveContractOptions(options) }
  describe(`BookingStore contract: ${name}`, () => {
    describeCatalog(suite)
    describeHolds(suite)
    describeOrders(suite)
    describeWallet(suite)
    describePayments(suite)
    describePaymentReplays(suite)
    describeRefunds(suite)
    describeCancellation(suite)
    describeBookingEvents(suite)
    describeClockSteps(suite)
    describeGates(suite)
    describeStoreFailure(suite, 'booking')
    describeConnectionDeath(suite, 'booking')
    describeModel(suite)
    describeBookingInvariants(suite)
    describeMoneyConservation(suite)
    describeBookingInterleavings(suite)
    describeBookingBursts(suite)
    describeRefundBursts(suite)
    describeEventBursts(suite)
    describeOrderRaces(suite)
    describeBadInput(suite, bookingCalls)
    describeNotPlainData(suite, bookingCalls)
  })
}
