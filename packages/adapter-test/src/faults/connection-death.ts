import {
  createBoxOffice,
  createManualClock,
  type AdmitReport,
  type BoxOffice,
  type PolicyOverrides,
} from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { chargeSubjects, expectEventsAgree } from '../invariants/event-agreement.js'
import { failed, keep, outcomeType, succeeded, unexpected, type Outcome } from '../outcome.js'
import { sequentialIds, START, type Suite } from '../rig.js'
import { admitCrowd, fund, holdSeat, inBatches, openSale } from '../sale-setup.js'
import { describeSeed, faultSeed, seededRandom, shuffledBy } from './fault-schedule.js'
import { watchUncaught } from './uncaught-errors.js'

type Side = 'queue' | 'booking'
type Answer = Outcome<unknown, { readonly type: string }>

/** Buyers in a burst: a few hundred calls in all, with the connections killed again and again meanwhile. */
const BUYERS = 40
const PRICE = 100
const FUNDS = 150
const TOP_UP = 7
/** A killed connection comes back in a few tens of milliseconds; retries wait for it this long at most. */
const RETRY_ROUNDS = 40
const RETRY_PAUSE_MS = 50

/** Calls started together in one wave of a burst. */
const WAVE = 15
/** Outcomes a burst under connection deaths may answer: a result, or the store's own failure (never a throw). */
const SURVIVABLE = new Set(['ok', 'StoreUnavailable', 'StoreConflict'])

/** A facade call's outcome; a throw or a rejection (which the facade must never let out) becomes type `Threw`. */
async function answer(call: () => PromiseLike<Answer>): Promise<Answer> {
  try {
    return await call()
  } catch (error) {
    return failed({ type: 'Threw', thrown: error })
  }
}

/** Retries each call that did not answer ok, the same call with the same key, until every one does. */
async function retryUntilOk(first: readonly Answer[], call: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const answers = [...first]
  for (let round = 0; round < RETRY_ROUNDS && answers.some((a) => !a.ok); round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS))
    await Promise.all(
      answers.map(async (a, i) => {
        if (!a.ok) answers[i] = await answer(() => call(i))
      }),
    )
  }
  return answers
}

/** Waits until the store under test answers again (anything but a store failure) after the last kill. */
async function untilAnswering(probe: () => Promise<Answer>, context: string): Promise<void> {
  const answers = await retryUntilOk([failed({ type: 'NotYet' })], async () => {
    const probed = await probe()
    return probed.ok || SURVIVABLE.has(outcomeType(probed)) ? probed : succeeded(probed)
  })
  expect(typesOf(answers), `${context}: the store never answered again`).toEqual(['ok'])
}

const typesOf = (answers: readonly Answer[]): string[] => [...new Set(answers.map(outcomeType))].sort()

/** Kills in one burst: enough that some land mid-call on every store, few enough that reconnecting stays cheap. */
const KILLS_PER_BURST = 4

/**
 * Starts `calls` in a seeded order, in waves with seeded pauses between them,
 * and kills the store's connections at seeded moments among them (a few
 * milliseconds into a randomly chosen wave), so some calls are in flight and
 * others about to start when their connection dies. Answers every outcome.
 */
async function burstUnderKills(
  calls: readonly (() => Promise<Answer>)[],
  kill: () => Promise<number>,
  random: () => number,
): Promise<{ readonly answers: Answer[]; readonly killed: number; readonly uncaught: readonly string[] }> {
  const uncaught = watchUncaught()
  const order = shuffledBy(
    calls.map((call, i) => ({ call, i })),
    random,
  )
  const waves = Math.ceil(order.length / WAVE)
  const killWaves = new Set(Array.from({ length: KILLS_PER_BURST }, () => Math.floor(random() * waves)))
  const answers: Answer[] = []
  const running: Promise<unknown>[] = []
  const kills: Promise<number>[] = []
  for (let wave = 0; wave < waves; wave++) {
    for (const { call, i } of order.slice(wave * WAVE, (wave + 1) * WAVE)) {
      running.push(answer(call).then((a) => (answers[i] = a)))
    }
    if (killWaves.has(wave)) {
      const delay = random() * 5
      kills.push(new Promise((resolve) => setTimeout(resolve, delay)).then(kill))
    }
    await new Promise((resolve) => setTimeout(resolve, random() * 10))
  }
  await Promise.all(running)
  const killed = (await Promise.all(kills)).reduce((sum, count) => sum + count, 0)
  // A connection killed at the very end may report only now: let it, before judging.
  await new Promise((resolve) => setTimeout(resolve, 100))
  return { answers, killed, uncaught: uncaught.stop() }
}

/** Buyers paying for their holds and topping up with keys, on a booking store whose connections die. */
async function bookingDeaths(box: BoxOffice, kill: () => Promise<number>, seed: number, context: string) {
  const sale = await openSale(box, { seats: BUYERS, price: PRICE })
  const tokens = await admitCrowd(box, sale.concertId, BUYERS)
  const holds = await inBatches(BUYERS, 20, async (i) => {
    await fund(box, `u${i}`, FUNDS)
    return holdSeat(box, { userId: `u${i}`, token: tokens[i] ?? '', scheduleId: sale.scheduleId, seatNo: i + 1 })
  })
  const pay = (i: number): Promise<Answer> =>
    box.payments
      .pay({ userId: `u${i}`, token: tokens[i] ?? '', holdId: holds[i] ?? '', idempotencyKey: `pay-${i}` })
      .match(succeeded, failed)
  const topUp = (i: number): Promise<Answer> =>
    box.wallet.charge({ userId: `u${i}`, amount: TOP_UP, idempotencyKey: `top-up-${i}` }).match(succeeded, failed)
  const read = (i: number): Promise<Answer> => box.wallet.balance({ userId: `u${i}` }).match(succeeded, failed)

  const indices = Array.from({ length: BUYERS }, (_, i) => i)
  const burst = await burstUnderKills(
    [...indices.map((i) => () => pay(i)), ...indices.map((i) => () => topUp(i)), ...indices.map((i) => () => read(i))],
    kill,
    seededRandom(seed),
  )
  expect(burst.uncaught, context).toEqual([])
  expect(
    typesOf(burst.answers).filter((type) => !SURVIVABLE.has(type)),
    context,
  ).toEqual([])
  expect(burst.killed, `${context}: no connection was killed`).toBeGreaterThan(0)

  await untilAnswering(() => read(0), context)
  const paid = await retryUntilOk(burst.answers.slice(0, BUYERS), pay)
  const charged = await retryUntilOk(burst.answers.slice(BUYERS, 2 * BUYERS), topUp)
  expect(typesOf(paid), context).toEqual(['ok'])
  expect(typesOf(charged), context).toEqual(['ok'])
  for (const i of indices) {
    const balance = await box.wallet.balance({ userId: `u${i}` }).match(keep, unexpected)
    expect(balance, `${context}: u${i}`).toBe(FUNDS + TOP_UP - PRICE)
    const history = await box.wallet.history({ userId: `u${i}` }).match(keep, unexpected)
    expect(history.map((entry) => `${entry.kind}:${entry.idempotencyKey}`).sort(), `${context}: u${i}`).toEqual([
      'CHARGE:null',
      `CHARGE:top-up-${i}`,
      `PAYMENT:pay-${i}`,
    ])
    // The payment's token is completed, by the first call or by the retry that replayed it.
    const ticket = await box.queue.status({ token: tokens[i] ?? '' }).match(unexpected, keep)
    expect(ticket.type, `${context}: u${i}'s token`).toBe('TokenNotFound')
  }
  const seats = await box.catalog.listSeats({ scheduleId: sale.scheduleId }).match(keep, unexpected)
  expect(
    seats.seats.every((seat) => seat.status === 'SOLD'),
    context,
  ).toBe(true)
  // Invariant 13 through the kills: one event per change that took effect, none for a call that died before it did.
  const expected: string[] = []
  for (const i of indices) {
    expected.push(
      `HoldPlaced:${holds[i] ?? ''}`,
      `PaymentSettled:${holds[i] ?? ''}`,
      ...(await chargeSubjects(box, `u${i}`)),
    )
  }
  await expectEventsAgree(box, expected, `${context}: invariant 13`)
}

const MAX_ACTIVE = 80

/** Arrivals entering and polling, ticks admitting, and admitted buyers paying, on a queue store whose connections die. */
async function queueDeaths(box: BoxOffice, kill: () => Promise<number>, seed: number, context: string) {
  const payers = BUYERS / 2
  const sale = await openSale(box, { seats: payers, price: PRICE })
  const tokens = await admitCrowd(box, sale.concertId, payers)
  const holds = await inBatches(payers, 20, async (i) => {
    await fund(box, `u${i}`, FUNDS)
    return holdSeat(box, { userId: `u${i}`, token: tokens[i] ?? '', scheduleId: sale.scheduleId, seatNo: i + 1 })
  })
  const arrivals = Array.from({ length: BUYERS }, (_, i) => `arrival-${i}`)
  const pay = (i: number): Promise<Answer> =>
    box.payments
      .pay({ userId: `u${i}`, token: tokens[i] ?? '', holdId: holds[i] ?? '', idempotencyKey: `pay-${i}` })
      .match(succeeded, failed)
  const enter = (i: number): Promise<Answer> =>
    box.queue.enter({ userId: arrivals[i] ?? '', concertId: sale.concertId }).match(succeeded, failed)
  const admit = (): Promise<Answer> => box.queue.admit({ concertId: sale.concertId }).match(succeeded, failed)
  const poll = (i: number): Promise<Answer> => box.queue.status({ token: tokens[i] ?? '' }).match(succeeded, failed)

  const burst = await burstUnderKills(
    [
      ...Array.from({ length: payers }, (_, i) => () => pay(i)),
      ...arrivals.map((_, i) => () => enter(i)),
      ...Array.from({ length: payers }, (_, i) => () => poll(i)),
      ...Array.from({ length: 6 }, () => admit),
    ],
    kill,
    seededRandom(seed),
  )
  expect(burst.uncaught, context).toEqual([])
  // A poll may find its token already completed by the pay racing it: TokenNotFound is an answer too.
  const unexpectedTypes = typesOf(burst.answers).filter((type) => !SURVIVABLE.has(type) && type !== 'TokenNotFound')
  expect(unexpectedTypes, context).toEqual([])
  expect(burst.killed, `${context}: no connection was killed`).toBeGreaterThan(0)

  await untilAnswering(() => poll(0), context)
  const paid = await retryUntilOk(burst.answers.slice(0, payers), pay)
  const entered = await retryUntilOk(burst.answers.slice(payers, payers + BUYERS), enter)
  expect(typesOf(paid), context).toEqual(['ok'])
  expect(typesOf(entered), context).toEqual(['ok'])
  // Invariant 8: every answer an arrival got names one token, the one entering again gives back.
  for (const [i, userId] of arrivals.entries()) {
    const again = await box.queue.enter({ userId, concertId: sale.concertId }).match(keep, unexpected)
    const given = [burst.answers[payers + i], entered[i]].flatMap((a) =>
      a?.ok === true ? [(a.value as { token: string }).token] : [],
    )
    expect(new Set(given), `${context}: ${userId}`).toEqual(new Set([again.token]))
  }
  // Invariant 7: ticks that ran under the kills never admitted past capacity, and none after them does.
  const [settled] = await retryUntilOk([failed({ type: 'NotYet' })], admit)
  const reports = [...burst.answers.slice(payers + BUYERS + payers), settled].flatMap((a) =>
    a?.ok === true ? [a.value as AdmitReport] : [],
  )
  expect(reports.at(-1), `${context}: the last tick`).toBeDefined()
  for (const report of reports) expect(report.active, context).toBeLessThanOrEqual(MAX_ACTIVE)
  for (let i = 0; i < payers; i++) {
    expect(await box.wallet.balance({ userId: `u${i}` }).match(keep, unexpected), `${context}: u${i}`).toBe(
      FUNDS - PRICE,
    )
  }
}

/**
 * The store's connections killed at moments drawn from a logged seed while a
 * burst of calls runs through the facade: every call answers a Result (ok, or
 * StoreUnavailable / StoreConflict), nothing escapes as an uncaught error, and
 * once the connections are back, retrying every failed call with its own key
 * finishes the work exactly once. A capability: see `ContractOptions.connectionLoss`.
 */
export function describeConnectionDeath(suite: Suite, side: Side): void {
  describe('connection death', () => {
    const name = `connections killed at random moments during a burst: every call answers a Result, and same-key retries finish the work exactly once (${side})`
    const declared = suite.options.connectionLoss
    if (declared === undefined) {
      it.skip(`${name} (the adapter does not declare \`connectionLoss\`)`, () => {})
      return
    }
    if (!declared) {
      it(`${name}: not applicable, the store keeps no connection to lose (connectionLoss: false)`, async () => {
        const opened = await suite.open()
        try {
          expect(opened.killConnections, 'a harness that can kill connections declared connectionLoss: false').toBe(
            undefined,
          )
        } finally {
          await opened.cleanup()
        }
      })
      return
    }
    it(name, async () => {
      const seed = faultSeed()
      const context = describeSeed(`connection death (${side})`, seed)
      console.info(context)
      const opened = await suite.open()
      try {
        const kill = opened.killConnections
        if (kill === undefined)
          throw new Error('contract options declare `connectionLoss`, but the harness has no `killConnections`')
        const policy: PolicyOverrides = { queue: { maxActive: MAX_ACTIVE, admitPerTick: MAX_ACTIVE } }
        const box = createBoxOffice({ ...opened.stores, clock: createManualClock(START), ids: sequentialIds(), policy })
        await (side === 'booking' ? bookingDeaths : queueDeaths)(box, kill, seed, context)
      } finally {
        await opened.cleanup()
      }
    })
  })
}
