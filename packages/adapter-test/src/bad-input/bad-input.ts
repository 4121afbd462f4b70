import type { BoxOffice } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { describeValue, keep, outcomeType, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { SEED_POLICY, seedWorld, type FuzzCall, type SeedWorld } from './fuzz-calls.js'
import { MISSING, notAnObject } from './invalid-values.js'

/** Everything a caller can read of the seeded stores, through the facade, without changing them. */
async function readBack(box: BoxOffice, world: SeedWorld): Promise<unknown> {
  const users = ['u1', 'u2', 'u3']
  return {
    concerts: await box.catalog.listConcerts().match(keep, unexpected),
    dates: await box.catalog.listDates({ concertId: world.concertId }).match(keep, unexpected),
    seats: await box.catalog.listSeats({ scheduleId: world.scheduleId }).match(keep, unexpected),
    balances: await Promise.all(users.map((userId) => box.wallet.balance({ userId }).match(keep, unexpected))),
    histories: await Promise.all(users.map((userId) => box.wallet.history({ userId }).match(keep, unexpected))),
    // the clock stands still during a fuzz run, so polling a waiting token changes nothing
    tickets: [
      await box.queue.status({ token: world.activeToken }).match(keep, (error) => error.type),
      await box.queue.status({ token: world.waitingToken }).match(keep, (error) => error.type),
    ],
    lines: [...(await box.queue.concerts().match(keep, unexpected))].sort(),
  }
}

/** How many are waiting in the seeded line: a newcomer's rank, read once the run's checks are done. */
async function waitingAhead(box: BoxOffice, world: SeedWorld): Promise<number | null> {
  return box.queue.enter({ userId: 'line-probe', concertId: world.concertId }).match((t) => t.rank, unexpected)
}

type Mutation =
  | { readonly kind: 'replace'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'extra'; readonly field: string; readonly value: unknown }
  | { readonly kind: 'whole'; readonly value: unknown }

function mutate(valid: Record<string, unknown>, mutation: Mutation): unknown {
  if (mutation.kind === 'whole') return mutation.value
  const input: Record<string, unknown> = { ...valid }
  if (mutation.value === MISSING) delete input[mutation.field]
  else input[mutation.field] = mutation.value
  return input
}

/** Generated invalid inputs are refused with ValidationFailed naming the field, and nothing changes. */
function fuzz(suite: Suite, call: FuzzCall, mutations: fc.Arbitrary<Mutation>): Promise<void> {
  return fc.assert(
    fc.asyncProperty(mutations, (mutation) =>
      withRig(suite.open, { policy: SEED_POLICY }, async ({ box }) => {
        const world = await seedWorld(box)
        const before = await readBack(box, world)
        const outcome = await call.call(box, mutate(call.valid(world), mutation))
        const expectedField = mutation.kind === 'whole' ? '(input)' : mutation.field
        const context = `${call.name} with ${describeValue(mutation)}`
        expect(outcomeType(outcome), context).toBe('ValidationFailed')
        const field = outcome.ok ? undefined : outcome.error.field
        // a nested issue (`seats.3.price`) names the field, then where inside it
        const named =
          mutation.kind === 'replace' && field?.startsWith(`${expectedField}.`) === true ? expectedField : field
        expect(named, context).toBe(expectedField)
        expect(await readBack(box, world), `${context} changed the stores`).toEqual(before)
        expect(await waitingAhead(box, world), `${context} added someone to the line`).toBe(2)
      }),
    ),
    { numRuns: suite.options.numRuns },
  )
}

/** Nothing throws for bad input: a fuzz test for every facade call. */
export function describeBadInput(suite: Suite, calls: readonly FuzzCall[]): void {
  describe('bad input: every call refuses invalid values with ValidationFailed and changes nothing', () => {
    it('each call accepts the valid input the fuzz starts from', async () => {
      for (const call of calls) {
        await withRig(suite.open, { policy: SEED_POLICY }, async ({ box }) => {
          const outcome = await call.call(box, call.valid(await seedWorld(box)))
          expect(outcomeType(outcome), call.name).toBe('ok')
        })
      }
    })

    for (const call of calls) {
      const fields = Object.keys(call.invalid)
      const replaced = fc.oneof(
        ...fields.map((field) =>
          (call.invalid[field] ?? fc.constant(MISSING)).map((value): Mutation => ({ kind: 'replace', field, value })),
        ),
      )
      const knownKeys = new Set(fields)
      const extra = fc
        .tuple(fc.string({ minLength: 1, maxLength: 30 }), fc.anything())
        .filter(([field]) => !knownKeys.has(field) && field !== '__proto__')
        .map(([field, value]): Mutation => ({ kind: 'extra', field, value }))
      const whole = notAnObject.map((value): Mutation => ({ kind: 'whole', value }))

      it(`${call.name}: one invalid field is ValidationFailed naming that field`, () => fuzz(suite, call, replaced))
      it(`${call.name}: an unknown extra field is ValidationFailed naming that field`, () => fuzz(suite, call, extra))
      it(`${call.name}: an input that is not an object is ValidationFailed on (input)`, () => fuzz(suite, call, whole))
    }
  })
}
