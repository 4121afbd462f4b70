import type { BoxOffice } from '@boxoffice/core'
import type { ScenarioRecorder } from '../harness/scenario.js'
import { failure, forEachLimit, value } from '../harness/set-up.js'
import type { Seating } from './sale-fixture.js'

/** How many successful calls a store must show: exactly `min` in-process; over HTTP up to `max`, since requests still in flight when the load stopped may have succeeded unseen. */
export interface CallCount {
  readonly min: number
  readonly max: number
}

export const exactly = (n: number): CallCount => ({ min: n, max: n })

const within = (n: number, count: CallCount): boolean => n >= count.min && n <= count.max
const describe = (count: CallCount): string =>
  count.min === count.max
    ? count.min.toLocaleString('en-US')
    : `${count.min.toLocaleString('en-US')}..${count.max.toLocaleString('en-US')}`

/**
 * Seats as the catalog shows them must account for every successful call:
 * each successful hold claimed a seat of its own (so HELD + SOLD seats equal
 * the holds that succeeded; a seat held twice would show fewer), and each
 * payment sold one (SOLD equals the payments that succeeded).
 */
export async function checkSeats(
  record: ScenarioRecorder,
  box: BoxOffice,
  seating: Seating,
  expected: { readonly holds: CallCount; readonly payments: CallCount },
): Promise<void> {
  let held = 0
  let sold = 0
  for (const scheduleId of seating.scheduleIds) {
    const map = await box.catalog.listSeats({ scheduleId }).match(value, failure('listSeats'))
    for (const seat of map.seats) {
      if (seat.status === 'HELD') held++
      else if (seat.status === 'SOLD') sold++
    }
  }
  record.check(
    'every successful hold has a seat of its own (no seat held twice)',
    within(held + sold, expected.holds),
    `${(held + sold).toLocaleString('en-US')} seats HELD or SOLD for ${describe(expected.holds)} successful holds`,
  )
  record.check(
    'every payment sold exactly one seat (no seat sold twice)',
    within(sold, expected.payments),
    `${sold.toLocaleString('en-US')} seats SOLD for ${describe(expected.payments)} payments`,
  )
}

/** Each sampled user's balance equals the sum of their ledger (histories here are short). */
export async function checkLedgers(
  record: ScenarioRecorder,
  box: BoxOffice,
  userIds: readonly string[],
  sample: number,
): Promise<void> {
  const step = Math.max(1, Math.floor(userIds.length / sample))
  const picked = userIds.filter((_, index) => index % step === 0)
  const broken: string[] = []
  await forEachLimit(picked.length, 16, async (index) => {
    const userId = picked[index] as string
    const [balance, history] = await Promise.all([
      box.wallet.balance({ userId }).match(value, failure('balance')),
      box.wallet.history({ userId, limit: 1_000 }).match(value, failure('history')),
    ])
    const sum = history.reduce((total, entry) => total + entry.amount, 0)
    if (history.length < 1_000 && sum !== balance) broken.push(`${userId}: ${balance} != ${sum}`)
  })
  record.check(
    'balance equals the sum of the ledger',
    broken.length === 0,
    broken.length === 0 ? `${picked.length.toLocaleString('en-US')} wallets checked` : broken.slice(0, 3).join('; '),
  )
}

/** N concurrent charges of one user add exactly N times the amount (no lost update). */
export async function checkConcurrentCharges(record: ScenarioRecorder, box: BoxOffice, userId: string): Promise<void> {
  const charges = 100
  const amount = 7
  const before = await box.wallet.balance({ userId }).match(value, failure('balance'))
  await Promise.all(
    Array.from({ length: charges }, () =>
      box.wallet.charge({ userId, amount }).match(value, failure('concurrent charge')),
    ),
  )
  const after = await box.wallet.balance({ userId }).match(value, failure('balance'))
  record.check(
    `${charges} concurrent charges of one wallet all count`,
    after - before === charges * amount,
    `balance moved by ${after - before}, expected ${charges * amount}`,
  )
}

/** Exactly one winner in every hot-seat round. */
export function checkOneWinner(record: ScenarioRecorder, winnersPerRound: readonly number[], side = ''): void {
  const wrong = winnersPerRound.map((winners, round) => ({ winners, round })).filter(({ winners }) => winners !== 1)
  record.check(
    `hot seat${side === '' ? '' : ` (${side})`}: exactly one winner per round`,
    wrong.length === 0 && winnersPerRound.length > 0,
    wrong.length === 0
      ? `${winnersPerRound.length} rounds, one winner each`
      : wrong
          .slice(0, 5)
          .map(({ winners, round }) => `round ${round + 1}: ${winners} winners`)
          .join('; '),
  )
}
