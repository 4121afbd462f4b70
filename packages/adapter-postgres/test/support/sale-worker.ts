/*
 * One app process of the two-process test: holds random seats for random
 * users and pays for them, against the schema named on the command line, then
 * prints what it saw as one JSON line. Run with `node --import tsx`.
 */
import pg from 'pg'
import { createPostgresBookingStore } from '../../src/index.js'
import { holdCommand, payCommand, START } from './sale-fixture.js'
import { TEST_DATABASE } from './test-database.js'

const [schema, name, rounds, users, seats] = process.argv.slice(2)
if (schema === undefined || name === undefined)
  throw new Error('usage: sale-worker <schema> <name> <rounds> <users> <seats>')

const pool = new pg.Pool({ ...TEST_DATABASE, max: 8, application_name: `bo_worker_${name}` })
pool.on('error', () => {})
const booking = createPostgresBookingStore({ pool, schema })
const pick = (n: number): number => Math.floor(Math.random() * n)
const tally: Record<string, number> = {}
const count = (type: string): void => {
  tally[type] = (tally[type] ?? 0) + 1
}

async function buyer(lane: number): Promise<void> {
  for (let round = 0; round < Number(rounds); round++) {
    const userId = `user-${pick(Number(users))}`
    const id = `${name}-${lane}-${round}`
    const held = await booking.holdSeat(
      holdCommand({
        holdId: `hold-${id}`,
        userId,
        concertId: 'concert-shared',
        scheduleId: 'schedule-shared',
        seatNo: 1 + pick(Number(seats)),
      }),
    )
    const hold = held.match(
      (value) => value,
      (error) => {
        count(`hold:${error.type}`)
        return null
      },
    )
    if (hold === null) continue
    count('hold:ok')
    // Every few rounds the buyer changes their mind instead of paying.
    if (round % 7 === 0) {
      const released = await booking.releaseHold({ holdId: hold.holdId, userId, now: START })
      count(
        `release:${released.match(
          () => 'ok',
          (error) => error.type,
        )}`,
      )
      continue
    }
    const paid = await booking.pay(
      payCommand({
        paymentId: `payment-${id}`,
        entryId: `entry-${id}`,
        userId,
        holdId: hold.holdId,
        idempotencyKey: `key-${id}`,
        concertId: 'concert-shared',
      }),
    )
    count(
      `pay:${paid.match(
        () => 'ok',
        (error) => error.type,
      )}`,
    )
    // A top-up now and then, racing the other process's payments on the same wallet.
    if (round % 5 === 0) {
      const charged = await booking.charge({
        entryId: `topup-${id}`,
        userId,
        amount: 50,
        idempotencyKey: `topup-${id}`,
        maxBalance: 1e8,
        now: START,
      })
      count(
        `charge:${charged.match(
          () => 'ok',
          (error) => error.type,
        )}`,
      )
    }
  }
}

await Promise.all(Array.from({ length: 8 }, (_, lane) => buyer(lane)))
await pool.end()
process.stdout.write(`${JSON.stringify(tally)}\n`)
