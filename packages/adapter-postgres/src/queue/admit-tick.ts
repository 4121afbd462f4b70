import { type QueuePolicy, type QueueToken, type StoreError } from '@boxoffice/core'
import {
  activateToken,
  ADMISSION_WINDOW_TICKS,
  admissionSlots,
  cryptoRandom,
  linePolicy,
  openingDue,
  saleStage,
  shuffled,
  tokenLiveness,
  type LineSettings,
  type RandomSource,
  type AdmitReport,
} from '@boxoffice/core/adapter'
import { ok, type ResultAsync } from 'neverthrow'
import { runTransaction } from '../atomic.js'
import type { PostgresPool, PostgresQueryable } from '../postgres-pool.js'
import { execute } from '../statement.js'
import type { QueueStatements } from './queue-sql.js'
import { toLineSettings, toToken, type LineRow, type TokenRow } from './token-row.js'

export interface AdmitCommand {
  readonly concertId: string
  readonly now: Date
  readonly policy: QueuePolicy
  readonly random?: RandomSource
}

const defaultRandom = cryptoRandom()

/**
 * The opening (the core's `openingDue` decided it): under the line's row lock,
 * so no enter of the line runs meanwhile, every PRE_QUEUED token is put in
 * line in a uniformly random order (the core's `shuffled`), ahead of the
 * WAITING tokens that entered after the opening time, which keep their order.
 * The whole line gets new seqs after every seq used so far, and its rank
 * buckets are counted again.
 */
async function openLine(tx: PostgresQueryable, sql: QueueStatements, line: LineSettings, random: RandomSource) {
  const rows = await execute<{ readonly token: string; readonly status: string; readonly seq: string }>(
    tx,
    sql.lineUp,
    [line.concertId],
  )
  const early = shuffled(
    rows.filter((row) => row.status === 'PRE_QUEUED').map((row) => row.token),
    random,
  )
  const late = rows.filter((row) => row.status === 'WAITING').map((row) => row.token)
  const order = [...early, ...late]
  const [locked] = await execute<LineRow & { readonly last_seq: string }>(tx, sql.lockLine, [line.concertId])
  const base = Number(locked?.last_seq ?? 0)
  await execute(tx, sql.reorder, [line.salesOpenAt, order, order.map((_, i) => base + i + 1)])
  await execute(tx, sql.markOpened, [line.concertId, order.length])
  await execute(tx, sql.clearBuckets, [line.concertId])
  await execute(tx, sql.fillBuckets, [line.concertId])
}

interface SweepRow {
  readonly expired: string
  readonly dropped: string
  readonly active: string
  readonly waiting: string
}

interface PickedRow extends TokenRow {
  readonly gap: string | null
}

/** Tokens chosen for activation, and idle ones met on the way (dropped, not admitted). */
interface Selection {
  readonly admitted: QueueToken[]
  readonly idle: string[]
}

/**
 * Walks the line from the front in seq order, batch by batch, until `slots`
 * live tokens are chosen or the line ends. A token another call holds right
 * now (a poll, a leave) is skipped by the lock, and the walk stops at it: no
 * later arrival is admitted ahead of it, it simply goes first next tick.
 */
async function selectFront(tx: PostgresQueryable, sql: QueueStatements, cmd: AdmitCommand, slots: number) {
  const selection: Selection = { admitted: [], idle: [] }
  let after = 0
  while (selection.admitted.length < slots) {
    const want = slots - selection.admitted.length
    const batch = await execute<PickedRow>(tx, sql.pickWaiting, [cmd.concertId, after, want])
    for (const row of batch) {
      if (row.gap !== null && Number(row.seq) > Number(row.gap)) return selection
      const token = toToken(row)
      after = token.seq
      if (tokenLiveness(token, cmd.now, cmd.policy) === 'idle') selection.idle.push(token.token)
      else selection.admitted.push(token)
    }
    if (batch.length < want) break
  }
  return selection
}

/**
 * One admission tick, one transaction. The concert's `queue_admissions` row is
 * locked first, so ticks of one concert from many processes take turns: each
 * counts ACTIVE tokens after the previous one committed, and the count never
 * passes `maxActive`. Everything else a tick touches it takes with SKIP LOCKED,
 * so it never waits behind a poll, a leave or another concert's tick.
 */
export function admitTick(
  pool: PostgresPool,
  sql: QueueStatements,
  cmd: AdmitCommand,
): ResultAsync<AdmitReport, StoreError> {
  const { concertId, now } = cmd
  const idleBefore = new Date(now.getTime() - cmd.policy.waitingIdleTtlMs)
  return runTransaction(pool, async (tx) => {
    const [tick] = await execute<{ readonly last_tick: string }>(tx, sql.startTick, [concertId])
    const [lineRow] = await execute<LineRow>(tx, sql.readLine, [concertId])
    const line = toLineSettings(concertId, lineRow)
    if (openingDue(line, now)) await openLine(tx, sql, line, cmd.random ?? defaultRandom)
    const policy = linePolicy(cmd.policy, line)
    const admitting = !line.paused && saleStage(line, now) === 'open'
    const [swept] = await execute<SweepRow>(tx, sql.sweep, [concertId, now, idleBefore, policy.sweepLimit])
    const expired = Number(swept?.expired ?? 0)
    const dropped = Number(swept?.dropped ?? 0)
    // The sweep's counts come from its own snapshot, which still shows the rows it deleted.
    const active = Number(swept?.active ?? 0) - expired
    const waiting = Number(swept?.waiting ?? 0) - dropped
    const slots = admitting ? admissionSlots(active, waiting, policy) : 0
    const { admitted, idle } = await selectFront(tx, sql, { ...cmd, policy }, slots)
    const activation = admitted[0] === undefined ? undefined : activateToken(admitted[0], now, policy)
    await execute(tx, sql.finishTick, [
      concertId,
      idle,
      admitted.map((token) => token.token),
      now,
      activation?.expiresAt ?? null,
      Number(tick?.last_tick ?? 1),
      ADMISSION_WINDOW_TICKS,
    ])
    const report: AdmitReport = {
      concertId,
      admitted: admitted.length,
      expired,
      dropped: dropped + idle.length,
      active: active + admitted.length,
      waiting: Math.max(0, waiting - admitted.length - idle.length),
    }
    return ok(report)
  })
}
