import { afterAll, beforeAll, describe } from 'vitest'
import { domainErrorTests } from './domain-error-tests.ts'
import { edgeParityTests } from './edge-parity-tests.ts'
import { expiryTests } from './expiry-tests.ts'
import { flowTests } from './flow-tests.ts'
import { orderTests } from './order-tests.ts'
import { idempotencyTests } from './idempotency-tests.ts'
import { lifecycleTests } from './lifecycle-tests.ts'
import { ownershipTests } from './ownership-tests.ts'
import { refundTests } from './refund-tests.ts'
import { requestErrorTests } from './request-error-tests.ts'
import { saleWindowTests } from './sale-window-tests.ts'
import { startHarness, type CreateApp, type Harness } from './server-harness.ts'
import type { MakeStores } from './test-stores.ts'

/**
 * The end-to-end suite every example server runs, over real HTTP on a
 * loopback port: call it from a server's test file with its `createApp` and
 * the stores to run on.
 *
 * @example
 * ```ts
 * describeHttpApi('fastify on memory stores', { createApp, makeStores: memoryStores })
 * ```
 */
export function describeHttpApi(name: string, options: { createApp: CreateApp; makeStores: MakeStores }): void {
  describe(name, () => {
    let harness: Harness | undefined
    beforeAll(async () => {
      harness = await startHarness(options.createApp, options.makeStores)
    })
    afterAll(async () => {
      await harness?.stop()
    })
    const current = (): Harness => {
      if (harness === undefined) throw new Error('the server did not start')
      return harness
    }
    describe('a sale', () => flowTests(current))
    describe('orders of several seats', () => orderTests(current))
    describe('requests refused at the edge', () => requestErrorTests(current))
    describe('framework errors, the same on every server', () => edgeParityTests(current))
    describe('library errors as HTTP statuses', () => domainErrorTests(current))
    describe('idempotent retries', () => idempotencyTests(current))
    describe('refunds and cancelled dates', () => refundTests(current))
    describe('ownership', () => ownershipTests(current))
    describe('expiry', () => expiryTests(current))
    describe('scheduled sales', () => saleWindowTests(current))
    describe('graceful stop', () => lifecycleTests(current))
  })
}
