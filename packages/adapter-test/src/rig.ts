import { it } from 'vitest'
import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import {
  createBoxOffice,
  createManualClock,
  type BookingStore,
  type BoxOffice,
  type IdGenerator,
  type IdKind,
  type ManualClock,
  type PolicyOverrides,
  type QueueStore,
  type RandomSource,
} from '@boxoffice/core'
import type { MakeStore, ResolvedContractOptions } from './harness.js'

/** Every test starts at this instant, so expected times are easy to read. */
export const START: Date = new Date('2030-01-01T00:00:00.000Z')

export interface Stores {
  readonly queue: QueueStore
  readonly booking: BookingStore
}

/** A fresh pair of stores: the port under test from the adapter, the other one from memory. */
export interface OpenedStores {
  readonly stores: Stores
  readonly cleanup: () => Promise<void>
  /** Cuts the store under test off, when its harness can. */
  readonly disconnect: (() => Promise<void>) | undefined
  /** Kills the live connections of the store under test, when its harness can. */
  readonly killConnections: (() => Promise<number>) | undefined
}

export type OpenStores = () => Promise<OpenedStores>

/** What every part of the suite needs: how to open stores, and the resolved options. */
export interface Suite {
  readonly open: OpenStores
  readonly options: ResolvedContractOptions
}

const noCleanup = async (): Promise<void> => {}

export function queueUnderTest(make: MakeStore<QueueStore>): OpenStores {
  return async () => {
    const harness = await make()
    return {
      stores: { queue: harness.store, booking: createMemoryBookingStore() },
      cleanup: harness.cleanup ?? noCleanup,
      disconnect: harness.disconnect,
      killConnections: harness.killConnections,
    }
  }
}

export function bookingUnderTest(make: MakeStore<BookingStore>): OpenStores {
  return async () => {
    const harness = await make()
    return {
      stores: { queue: createMemoryQueueStore(), booking: harness.store },
      cleanup: harness.cleanup ?? noCleanup,
      disconnect: harness.disconnect,
      killConnections: harness.killConnections,
    }
  }
}

/**
 * Ids that read well in a failure and are the same on every run:
 * `concert-0001`, `hold-0003`... (tokens become `<concertId>~token-0001`).
 */
export function sequentialIds(): IdGenerator {
  const counters = new Map<IdKind, number>()
  return (kind) => {
    const next = (counters.get(kind) ?? 0) + 1
    counters.set(kind, next)
    return `${kind}-${String(next).padStart(4, '0')}`
  }
}

/** A facade over fresh stores, with a manual clock at {@link START}. */
export interface Rig {
  readonly box: BoxOffice
  readonly clock: ManualClock
  readonly stores: Stores
  /**
   * Another facade over the same stores, clock, ids and policy, its stores
   * wrapped first (the interleaving tests gate every port call of it).
   */
  readonly facadeOver: (wrap: (stores: Stores) => Stores) => BoxOffice
  /** The harness's `disconnect`; throws when the harness has none. */
  readonly disconnect: () => Promise<void>
}

export interface RigSetup {
  readonly policy?: PolicyOverrides
  /** The facade's random source (default: the CSPRNG); a seeded one makes a shuffle reproducible. */
  readonly random?: RandomSource
}

/**
 * mulberry32: a small seeded generator of 32-bit draws, so a statistical
 * test over shuffles gives the same answer on every run.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** Opens stores, builds the facade, runs `body`, and always cleans up. */
export async function withRig<T>(open: OpenStores, setup: RigSetup, body: (rig: Rig) => Promise<T>): Promise<T> {
  const opened = await open()
  try {
    const clock = createManualClock(START)
    const ids = sequentialIds()
    const policy = setup.policy ?? {}
    const random = setup.random === undefined ? {} : { random: setup.random }
    const facadeOver = (wrap: (stores: Stores) => Stores): BoxOffice =>
      createBoxOffice({ ...wrap(opened.stores), clock, ids, policy, ...random })
    const box = createBoxOffice({ ...opened.stores, clock, ids, policy, ...random })
    const disconnect = async (): Promise<void> => {
      if (opened.disconnect === undefined)
        throw new Error('contract options declare `disconnects`, but the harness has no `disconnect`')
      await opened.disconnect()
    }
    return await body({ box, clock, stores: opened.stores, facadeOver, disconnect })
  } finally {
    await opened.cleanup()
  }
}

export type Scenario = (name: string, body: (rig: Rig) => Promise<void>, setup?: RigSetup) => void

/** `it` over a fresh rig: `scenario('a hold expires', async ({ box, clock }) => { ... }, { policy })`. */
export function scenarioFor(suite: Suite): Scenario {
  return (name, body, setup = {}) => {
    it(name, () => withRig(suite.open, setup, body))
  }
}
