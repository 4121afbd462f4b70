import type { ScenarioRecorder } from '../harness/scenario.js'
import type { PostgresFixture } from '../stores/postgres-fixture.js'
import type { CallCount } from './booking-checks.js'

const span = (count: CallCount): string => (count.min === count.max ? `${count.min}` : `${count.min}..${count.max}`)

/**
 * The booking invariants read straight from the tables, whoever wrote them
 * (the library or the raw baseline): no seat with two live claims, one
 * payment per CONFIRMED hold, every balance equal to its ledger.
 */
export async function checkBookingTables(
  record: ScenarioRecorder,
  db: PostgresFixture,
  expected: { readonly holds: CallCount; readonly payments: CallCount },
): Promise<void> {
  const now = new Date()
  const [doubled] = await db.query<{ seats: string }>(
    `SELECT count(*) AS seats FROM (
       SELECT seat_id FROM holds WHERE status = 'CONFIRMED' OR (status = 'HELD' AND expires_at > $1)
        GROUP BY seat_id HAVING count(*) > 1) twice`,
    [now],
  )
  record.check(
    'no seat has two live claims',
    Number(doubled?.seats) === 0,
    `${doubled?.seats ?? '?'} seats claimed twice`,
  )

  const [counts] = await db.query<{ holds: string; confirmed: string; payments: string }>(
    `SELECT (SELECT count(*) FROM holds) AS holds,
            (SELECT count(*) FROM holds WHERE status = 'CONFIRMED') AS confirmed,
            (SELECT count(*) FROM payments) AS payments`,
  )
  const holds = Number(counts?.holds)
  const confirmed = Number(counts?.confirmed)
  const payments = Number(counts?.payments)
  record.check(
    'every successful hold is one row, every payment one CONFIRMED hold',
    holds >= expected.holds.min &&
      holds <= expected.holds.max &&
      confirmed === payments &&
      payments >= expected.payments.min &&
      payments <= expected.payments.max,
    `${holds} hold rows for ${span(expected.holds)} successful holds; ${confirmed} CONFIRMED, ${payments} payment rows for ${span(expected.payments)} successful payments`,
  )

  const [ledger] = await db.query<{ wallets: string; off: string }>(
    `SELECT count(*) AS wallets,
            count(*) FILTER (WHERE w.balance <> coalesce(l.total, 0) OR w.balance < 0) AS off
       FROM wallets w
       LEFT JOIN (SELECT user_id, sum(amount) AS total FROM ledger_entries GROUP BY user_id) l USING (user_id)`,
  )
  record.check(
    'every balance equals the sum of its ledger and is never negative',
    Number(ledger?.off) === 0,
    `${ledger?.off ?? '?'} of ${ledger?.wallets ?? '?'} wallets off`,
  )
}
