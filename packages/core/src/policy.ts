import * as z from 'zod/mini'
import { englishMessages } from './validation.js'

/** The knobs of a sale. Every field has a default; override any subset in `createBoxOffice({ policy })`. */
export interface Policy {
  readonly queue: QueuePolicy
  readonly hold: HoldPolicy
  readonly charge: ChargePolicy
  readonly refund: RefundPolicy
}
/** How the waiting room lets people in and how long tokens live. */
export interface QueuePolicy {
  /** Most ACTIVE tokens one concert may have at once. */
  readonly maxActive: number
  /** Most tokens one admit tick moves from WAITING to ACTIVE. */
  readonly admitPerTick: number
  /** How long an ACTIVE token lasts. */
  readonly activeTtlMs: number
  /** A WAITING token not polled for this long is dropped. */
  readonly waitingIdleTtlMs: number
  /** The scheduler's expected tick interval: with `admitPerTick`, the admission rate assumed before any tick was observed. */
  readonly admitIntervalMs: number
  /** Most expired or idle tokens one admit tick sweeps, so a tick stays short. */
  readonly sweepLimit: number
}
/** How long a hold lasts, how far it may be extended, and how many seats one user may hold. */
export interface HoldPolicy {
  readonly ttlMs: number
  /** How much later `holds.extend` moves a hold's expiry (once per hold). */
  readonly extendMs: number
  /** Most seats one hold may take. */
  readonly maxSeatsPerHold: number
  /** Most seats one user may have in live (HELD, unexpired) holds, all holds together. */
  readonly maxSeatsPerUser: number
  /**
   * The same number as `maxSeatsPerUser`, which replaced it.
   *
   * @deprecated Set `hold.maxSeatsPerUser`; an override of `maxPerUser` alone is read as `maxSeatsPerUser`.
   */
  readonly maxPerUser: number
  /** Most holds one `expire()` tick marks EXPIRED. */
  readonly sweepLimit: number
}
/** Limits on charging the wallet. */
export interface ChargePolicy {
  /** Largest single charge. */
  readonly maxAmount: number
  /** Largest balance a wallet may reach. */
  readonly maxBalance: number
}

/** When a buyer may still refund, and how much work one cancellation step does. */
export interface RefundPolicy {
  /** Refunds close this long before the schedule starts. */
  readonly cutoffMs: number
  /** Most payments one scheduler tick refunds for a cancelled schedule. */
  readonly cancelBatch: number
}

/** The policy used where `createBoxOffice` is given no override. */
export const defaultPolicy: Policy = Object.freeze({
  queue: Object.freeze({
    maxActive: 100,
    admitPerTick: 100,
    activeTtlMs: 10 * 60_000,
    waitingIdleTtlMs: 2 * 60_000,
    admitIntervalMs: 1_000,
    sweepLimit: 1_000,
  }),
  hold: Object.freeze({
    ttlMs: 5 * 60_000,
    extendMs: 2 * 60_000,
    maxSeatsPerHold: 4,
    maxSeatsPerUser: 4,
    maxPerUser: 4,
    sweepLimit: 1_000,
  }),
  charge: Object.freeze({ maxAmount: 1_000_000, maxBalance: 100_000_000 }),
  refund: Object.freeze({ cutoffMs: 24 * 3_600_000, cancelBatch: 500 }),
})

/** Any part of the {@link Policy} to change; the rest keeps its default. */
export type PolicyOverrides = {
  readonly [K in keyof Policy]?: Partial<Policy[K]>
}

const count = z.int().check(z.minimum(1), z.maximum(1_000_000_000))
const duration = z.int().check(z.minimum(1), z.maximum(365 * 24 * 3_600_000))
const policySchema = z.strictObject({
  queue: z.strictObject({
    maxActive: count,
    admitPerTick: count,
    activeTtlMs: duration,
    waitingIdleTtlMs: duration,
    admitIntervalMs: duration,
    sweepLimit: count,
  }),
  hold: z.strictObject({
    ttlMs: duration,
    extendMs: duration,
    // A hold's seats are listed in one call: a few, not thousands.
    maxSeatsPerHold: z.int().check(z.minimum(1), z.maximum(100)),
    maxSeatsPerUser: count,
    maxPerUser: count,
    sweepLimit: count,
  }),
  charge: z.strictObject({ maxAmount: z.int().check(z.minimum(1)), maxBalance: z.int().check(z.minimum(1)) }),
  refund: z.strictObject({
    cutoffMs: z.int().check(z.minimum(0), z.maximum(365 * 24 * 3_600_000)),
    cancelBatch: count,
  }),
})

/**
 * Merges overrides onto the defaults. A malformed policy is a programmer
 * error, caught at start-up, so this throws rather than returning a Result.
 */
export function resolvePolicy(overrides: PolicyOverrides = {}): Policy {
  const hold = overrides.hold ?? {}
  // The deprecated `maxPerUser` is read as `maxSeatsPerUser` when only it is given.
  const maxSeatsPerUser = hold.maxSeatsPerUser ?? hold.maxPerUser ?? defaultPolicy.hold.maxSeatsPerUser
  const merged = {
    queue: { ...defaultPolicy.queue, ...overrides.queue },
    hold: { ...defaultPolicy.hold, ...hold, maxSeatsPerUser, maxPerUser: maxSeatsPerUser },
    charge: { ...defaultPolicy.charge, ...overrides.charge },
    refund: { ...defaultPolicy.refund, ...overrides.refund },
  }
  const parsed = z.safeParse(policySchema, merged, englishMessages)
  if (!parsed.success) {
    throw new TypeError(`invalid boxoffice policy: ${z.prettifyError(parsed.error)}`)
  }
  return Object.freeze(parsed.data)
}
