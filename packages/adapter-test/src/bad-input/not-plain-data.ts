import type { BoxOffice } from '@boxoffice/core'
import { describe, expect, it } from 'vitest'
import { describeValue, failed, keep, outcomeType, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { SEED_POLICY, seedWorld, type CallOutcome, type FuzzCall, type SeedWorld } from './fuzz-calls.js'

const boom = (): never => {
  throw new Error('this input cannot be read')
}

/** The call's answer; an exception (which the facade must never let out) becomes an outcome of type `Threw`. */
async function attempt(call: FuzzCall, box: BoxOffice, input: unknown): Promise<CallOutcome> {
  try {
    return await call.call(box, input)
  } catch (error) {
    return failed({ type: 'Threw', field: describeValue(error) })
  }
}

/** What the seeded stores hold, read through the facade: a refused call must leave it as it was. */
async function snapshot(box: BoxOffice, world: SeedWorld): Promise<unknown> {
  return {
    seats: await box.catalog.listSeats({ scheduleId: world.scheduleId }).match(keep, unexpected),
    history: await box.wallet.history({ userId: 'u1' }).match(keep, unexpected),
    tickets: await Promise.all(
      [world.activeToken, world.waitingToken].map((token) => box.queue.status({ token }).match(keep, (e) => e.type)),
    ),
    concerts: await box.catalog.listConcerts().match(keep, unexpected),
  }
}

/** What a run may plant on Object.prototype while the call runs: a field and its value. */
type Pollution = (valid: Record<string, unknown>) => { readonly field: string; readonly value: unknown }

/**
 * Runs `call` with the input `build` makes over a freshly seeded world, with
 * Object.prototype polluted meanwhile when asked (and always cleaned again);
 * answers the outcome and the stores before and after.
 */
function runOnce(
  suite: Suite,
  call: FuzzCall,
  build: (valid: Record<string, unknown>) => unknown,
  pollution?: Pollution,
): Promise<{ readonly outcome: CallOutcome; readonly before: unknown; readonly after: unknown }> {
  return withRig(suite.open, { policy: SEED_POLICY }, async ({ box }) => {
    const world = await seedWorld(box)
    const before = await snapshot(box, world)
    const valid = call.valid(world)
    const input = build(valid)
    const planted = pollution?.(valid)
    if (planted !== undefined) {
      Object.defineProperty(Object.prototype, planted.field, {
        value: planted.value,
        writable: true,
        enumerable: true,
        configurable: true,
      })
    }
    let outcome: CallOutcome
    try {
      outcome = await attempt(call, box, input)
    } finally {
      if (planted !== undefined) delete (Object.prototype as Record<string, unknown>)[planted.field]
    }
    return { outcome, before, after: await snapshot(box, world) }
  })
}

/**
 * Inputs that are not plain data: a getter that throws, a Proxy whose traps
 * throw, a revoked Proxy, fields inherited from a polluted Object.prototype.
 * The facade reads an input's own properties once: what cannot be read is
 * ValidationFailed naming where, never an exception; nothing inherited is
 * ever taken for a field.
 */
export function describeNotPlainData(suite: Suite, calls: readonly FuzzCall[]): void {
  describe('bad input: values that are not plain data are refused or ignored, never thrown', () => {
    for (const call of calls) {
      it(`${call.name}: a field behind a throwing getter is ValidationFailed naming that field, and nothing changes`, async () => {
        for (const field of Object.keys(call.invalid)) {
          const { outcome, before, after } = await runOnce(suite, call, (valid) =>
            Object.defineProperty({ ...valid }, field, { get: boom, enumerable: true }),
          )
          expect(outcome, `${call.name}.${field}`).toMatchObject({
            ok: false,
            error: { type: 'ValidationFailed', field },
          })
          expect(after, `${call.name}.${field} changed the stores`).toEqual(before)
        }
      })

      it(`${call.name}: a Proxy whose traps throw, or a revoked Proxy, is ValidationFailed on (input)`, async () => {
        const throwing = (valid: Record<string, unknown>): unknown =>
          new Proxy(valid, {
            get: boom,
            has: boom,
            ownKeys: boom,
            getOwnPropertyDescriptor: boom,
            getPrototypeOf: boom,
          })
        const revoked = (valid: Record<string, unknown>): unknown => {
          const { proxy, revoke } = Proxy.revocable(valid, {})
          revoke()
          return proxy
        }
        for (const build of [throwing, revoked]) {
          const { outcome, before, after } = await runOnce(suite, call, build)
          expect(outcome, `${call.name}, ${build.name} proxy`).toMatchObject({
            ok: false,
            error: { type: 'ValidationFailed', field: '(input)' },
          })
          expect(after, `${call.name}, ${build.name} proxy changed the stores`).toEqual(before)
        }
      })

      it(`${call.name}: a field on a polluted Object.prototype is never read as the input's own`, async () => {
        for (const field of Object.keys(call.invalid)) {
          const without = (valid: Record<string, unknown>): unknown => {
            const input = { ...valid }
            delete input[field]
            return input
          }
          const clean = await runOnce(suite, call, without)
          // The planted value is the field's own valid value: read, it would change the answer or the stores.
          const polluted = await runOnce(suite, call, without, (valid) => ({ field, value: valid[field] }))
          expect(polluted.outcome, `${call.name} with Object.prototype.${field}`).toEqual(clean.outcome)
          expect(polluted.after, `${call.name} with Object.prototype.${field}`).toEqual(clean.after)
        }
        const intruder = await runOnce(
          suite,
          call,
          (valid) => valid,
          () => ({ field: 'intruder', value: true }),
        )
        expect(outcomeType(intruder.outcome), `${call.name} with Object.prototype.intruder`).toBe('ok')
      })
    }
  })
}
