import type { QueueStore } from '@boxoffice/core'
import { describe } from 'vitest'
import { describeBadInput } from './bad-input/bad-input.js'
import { describeNotPlainData } from './bad-input/not-plain-data.js'
import { queueCalls } from './bad-input/fuzz-calls.js'
import { describeStoreFailure } from './behaviour/store-failure.js'
import { describeConnectionDeath } from './faults/connection-death.js'
import { describeGates } from './behaviour/gates.js'
import { describePaymentReplays } from './behaviour/payment-replays.js'
import { describeQueueAccess } from './behaviour/queue-access.js'
import { describeQueueAdmission } from './behaviour/queue-admission.js'
import { describeQueueEntry } from './behaviour/queue-entry.js'
import { describeQueueEvents } from './behaviour/queue-events.js'
import { describeQueueConcurrency } from './concurrency/queue-concurrency.js'
import { describeQueueInvariants } from './invariants/queue-invariants.js'
import { describeFairOpening } from './invariants/fair-opening.js'
import { describeScheduledSales } from './behaviour/scheduled-sales.js'
import { describeModel } from './model/model-run.js'
import { resolveContractOptions, type ContractOptions, type MakeStore } from './harness.js'
import { queueUnderTest, type Suite } from './rig.js'

/**
 * Registers the whole contract of a `QueueStore` with vitest: every queue
 * behaviour of the spec, the gated calls, the model-based test, one property
 * per queue invariant (with interleavings and bursts) and the bad-input fuzz.
 * The booking side of the facade runs on the memory adapter.
 *
 * @example
 * ```ts
 * import { describeQueueStoreContract } from '@boxoffice/adapter-test'
 * import { createMemoryQueueStore } from '@boxoffice/adapter-memory'
 *
 * describeQueueStoreContract('memory', async () => ({ store: createMemoryQueueStore() }))
 * ```
 */
export function describeQueueStoreContract(name: string, make: MakeStore<QueueStore>, options?: ContractOptions): void {
  const suite: Suite = { open: queueUnderTest(make), options: resolveContractOptions(options) }
  describe(`QueueStore contract: ${name}`, () => {
    describeQueueEntry(suite)
    describeQueueAdmission(suite)
    describeQueueAccess(suite)
    describeQueueEvents(suite)
    describeGates(suite)
    describePaymentReplays(suite)
    describeStoreFailure(suite, 'queue')
    describeConnectionDeath(suite, 'queue')
    describeModel(suite)
    describeQueueInvariants(suite)
    describeScheduledSales(suite)
    describeFairOpening(suite)
    describeQueueConcurrency(suite)
    describeBadInput(suite, queueCalls)
    describeNotPlainData(suite, queueCalls)
  })
}
