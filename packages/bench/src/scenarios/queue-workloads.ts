import type { BoxOffice, QueueStore } from '@boxoffice/core'
import { compareSides } from '../harness/compare.js'
import type { Measurement } from '../harness/measurement.js'
import type { BenchContext, ScenarioRecorder, Target } from '../harness/scenario.js'
import type { Window } from './booking-load.js'
import { checkConcurrentAdmission, checkFairness, checkOneTokenPerUser, snapshotLine } from './queue-checks.js'
import type { QueueLoad } from './queue-load.js'

/** A hand-written equivalent of the queue calls, straight on the driver. */
export interface RawQueue {
  enter(window: Window): Promise<Measurement>
  status(window: Window): Promise<Measurement>
  admit(window: Window, maxTicks: number): Promise<Measurement>
  /** Tokens entered so far. */
  readonly entered: number
  /** What each raw call is, for the table. */
  readonly labels: { readonly enter: string; readonly status: string; readonly admit: string }
}

type Targets = (library: Measurement, ratio: number | undefined) => readonly Target[]

export interface QueueTargets {
  readonly enter?: Targets
  readonly status?: Targets
  readonly admit?: Targets
}

/** Tokens one tick admits in every benchmark facade (`BENCH_POLICY`). */
export const ADMIT_PER_TICK = 1_000

/**
 * enter, status and admit through the facade, each side by side with the raw
 * baseline when there is one (windows alternate, then each side's windows are
 * added up), followed by the queue invariants on the same line.
 */
export async function runQueueWorkloads(
  context: BenchContext,
  record: ScenarioRecorder,
  options: {
    readonly box: BoxOffice
    readonly store: QueueStore
    readonly load: QueueLoad
    readonly raw?: RawQueue
    readonly window: Window
    readonly targets: QueueTargets
    /** Wraps each measured window (the Redis scenario notes the server time it caused). */
    readonly around?: <T>(label: string, work: () => Promise<T>) => Promise<T>
  },
): Promise<void> {
  const { load, window } = options
  const around = options.around ?? (<T>(_: string, work: () => Promise<T>): Promise<T> => work())
  const raw: RawQueue | undefined = options.raw
  const wrapped = (label: string, work: () => Promise<Measurement>) => () => around(label, work)
  const side = (label: string, run: (() => Promise<Measurement>) | undefined) =>
    run === undefined ? undefined : { label, run }
  await compareSides(context, record, {
    name: 'enter',
    library: wrapped('library enter', () => load.enter(window)),
    raw: side(raw?.labels.enter ?? '', raw && wrapped('raw enter', () => raw.enter(window))),
    targets: options.targets.enter,
  })
  await compareSides(context, record, {
    name: 'status',
    library: wrapped('library status', () => load.status(window)),
    raw: side(raw?.labels.status ?? '', raw && wrapped('raw status', () => raw.status(window))),
    targets: options.targets.status,
  })

  context.progress.step('snapshot of the line')
  const before = await snapshotLine(options.box, load.entries)
  // Each side admits most (not all) of its line, so the fairness check still sees waiting tokens.
  const rounds = raw === undefined ? 1 : context.sizes.rounds
  const ticks = (entered: number): number => Math.max(1, Math.floor((entered * 0.8) / ADMIT_PER_TICK / rounds))
  const libraryTicks = ticks(load.entries.length)
  const rawTicks = raw === undefined ? 0 : ticks(raw.entered)
  await compareSides(context, record, {
    name: `admit (${ADMIT_PER_TICK.toLocaleString('en-US')} per tick)`,
    library: wrapped('library admit', () => load.admit(window, libraryTicks)),
    raw: side(raw?.labels.admit ?? '', raw && wrapped('raw admit', () => raw.admit(window, rawTicks))),
    targets: options.targets.admit,
  })

  context.progress.step('queue invariants')
  await checkFairness(record, options.box, before)
  await checkOneTokenPerUser(record, options.box, load.concertId, load.entries)
  record.check(
    'no tick reported more than maxActive',
    load.maxActiveSeen <= options.box.policy.queue.maxActive,
    `largest active count ${load.maxActiveSeen.toLocaleString('en-US')}`,
  )
  await checkConcurrentAdmission(record, options.store, `${context.runId}-crowd`)
}
