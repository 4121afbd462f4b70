import { createMemoryBookingStore } from '@boxoffice/adapter-memory'
import { createBoxOffice, type BoxOffice, type QueueStore } from '@boxoffice/core'
import type { ScenarioRecorder } from '../harness/scenario.js'
import { failure, forEachLimit, value } from '../harness/set-up.js'
import type { Entry } from './queue-load.js'

/** Where sampled tokens stood: rank while WAITING, null once ACTIVE. */
export interface LineSnapshot {
  readonly entries: readonly Entry[]
  readonly ranks: readonly (number | null)[]
  readonly enteredAt: readonly number[]
}

const sampleOf = (entries: readonly Entry[], size: number): Entry[] => {
  const step = Math.max(1, Math.floor(entries.length / size))
  return entries.filter((_, index) => index % step === 0).slice(0, size)
}

export async function snapshotLine(box: BoxOffice, entries: readonly Entry[], size = 200): Promise<LineSnapshot> {
  const sample = sampleOf(entries, size)
  const tickets = await Promise.all(
    sample.map((entry) => box.queue.status({ token: entry.token }).match(value, failure('status'))),
  )
  return {
    entries: sample,
    ranks: tickets.map((ticket) => ticket.rank),
    enteredAt: tickets.map((ticket) => ticket.enteredAt.getTime()),
  }
}

/**
 * After admission ticks: a waiting token's rank never went up, and no token
 * was admitted ahead of one that entered before it.
 */
export async function checkFairness(record: ScenarioRecorder, box: BoxOffice, before: LineSnapshot): Promise<void> {
  const after = await snapshotLine(box, before.entries, before.entries.length)
  let rose = 0
  let lastActive = Number.NEGATIVE_INFINITY
  let firstWaiting = Number.POSITIVE_INFINITY
  after.ranks.forEach((rank, index) => {
    const was = before.ranks[index]
    if (rank !== null && was !== null && was !== undefined && rank > was) rose++
    const at = after.enteredAt[index] ?? 0
    if (rank === null) lastActive = Math.max(lastActive, at)
    else firstWaiting = Math.min(firstWaiting, at)
  })
  record.check('a waiting token never moves back', rose === 0, `${rose} of ${after.ranks.length} sampled ranks rose`)
  record.check(
    'admission follows arrival order',
    lastActive <= firstWaiting,
    `${after.ranks.filter((rank) => rank === null).length} sampled tokens admitted, none after a later arrival`,
  )
}

/** Entering again returns the user's live token (one live token per user and concert). */
export async function checkOneTokenPerUser(
  record: ScenarioRecorder,
  box: BoxOffice,
  concertId: string,
  entries: readonly Entry[],
): Promise<void> {
  const sample = sampleOf(entries, 50)
  let changed = 0
  for (const entry of sample) {
    const again = await box.queue.enter({ userId: entry.userId, concertId }).match(value, failure('enter again'))
    if (again.token !== entry.token) changed++
  }
  record.check(
    'one live token per user and concert',
    changed === 0,
    `${changed} of ${sample.length} re-entries got a new token`,
  )
}

/**
 * Twenty ticks of one concert at once (as twenty scheduler processes would)
 * never admit past maxActive.
 */
export async function checkConcurrentAdmission(
  record: ScenarioRecorder,
  queue: QueueStore,
  userPrefix: string,
): Promise<void> {
  const maxActive = 500
  const box = createBoxOffice({
    queue,
    booking: createMemoryBookingStore(),
    policy: { queue: { maxActive, admitPerTick: 100 } },
  })
  const concertId = `${userPrefix}-crowd`
  await forEachLimit(2_000, 32, async (index) => {
    await box.queue.enter({ userId: `${userPrefix}-c${index}`, concertId }).match(value, failure('enter'))
  })
  const reports = await Promise.all(
    Array.from({ length: 20 }, () => box.queue.admit({ concertId }).match(value, failure('concurrent admit'))),
  )
  const admitted = reports.reduce((sum, report) => sum + report.admitted, 0)
  const peak = Math.max(...reports.map((report) => report.active))
  record.check(
    'concurrent ticks never pass maxActive',
    peak <= maxActive && admitted === maxActive,
    `20 concurrent ticks admitted ${admitted}, largest active count reported ${peak} (maxActive ${maxActive})`,
  )
}
