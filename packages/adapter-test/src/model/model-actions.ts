import fc from 'fast-check'

/** Small id spaces, so that random commands collide on users, seats, holds and keys. */
export const MODEL_USERS: readonly string[] = ['u1', 'u2', 'u3']
export const MODEL_KEYS: readonly string[] = ['k1', 'k2', 'k3']

/**
 * One facade call (or a clock move) of a model run. Users, concerts and
 * schedules are indices into the run's world. `pick` counts back from the
 * latest hold made (past the first: a hold id nobody issued), or for a
 * refund back from the latest payment; `'owner'` acts as the picked hold's
 * (payment's) owner. A cancel cancels the whole schedule in one call. Hold and pay use the user's own token for the
 * concert at hand unless the action names another one.
 */
export type ModelAction =
  | { readonly kind: 'enter'; readonly user: number; readonly concert: number }
  | { readonly kind: 'status'; readonly user: number; readonly concert: number }
  | { readonly kind: 'leave'; readonly user: number; readonly concert: number }
  | { readonly kind: 'authorize'; readonly user: number; readonly owner: number; readonly concert: number }
  | { readonly kind: 'admit'; readonly concert: number }
  | { readonly kind: 'lines' }
  | {
      readonly kind: 'hold'
      readonly user: number
      readonly schedule: number
      /** One seat is asked for as `seatNo`, several as `seatNos`. */
      readonly seatNos: readonly number[]
      readonly foreignToken: { readonly owner: number; readonly concert: number } | null
    }
  | {
      readonly kind: 'holdBest'
      readonly user: number
      readonly schedule: number
      readonly count: number
      readonly maxPrice: number | null
      readonly allowSplit: boolean
    }
  | { readonly kind: 'release'; readonly user: number | 'owner'; readonly pick: number }
  | { readonly kind: 'extend'; readonly user: number | 'owner'; readonly pick: number }
  | { readonly kind: 'expire' }
  | { readonly kind: 'charge'; readonly user: number; readonly amount: number; readonly key: string | null }
  | {
      readonly kind: 'pay'
      readonly user: number | 'owner'
      readonly pick: number
      readonly key: string
      readonly tokenConcert: number | 'hold'
    }
  | { readonly kind: 'refund'; readonly user: number | 'owner'; readonly pick: number; readonly key: string }
  | { readonly kind: 'cancel'; readonly schedule: number }
  | { readonly kind: 'payments'; readonly user: number }
  | { readonly kind: 'balance'; readonly user: number }
  | { readonly kind: 'history'; readonly user: number; readonly limit: number | undefined }
  | { readonly kind: 'seats'; readonly schedule: number }
  | { readonly kind: 'dates'; readonly concert: number }
  | { readonly kind: 'concerts' }
  | { readonly kind: 'advance'; readonly ms: number }

const user = fc.nat(MODEL_USERS.length - 1)
const concert = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) })
const schedule = concert
const pick = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(3) })
const actor = fc.oneof({ weight: 5, arbitrary: fc.constant('owner' as const) }, { weight: 1, arbitrary: user })
const key = fc.constantFrom(...MODEL_KEYS)

/**
 * Weighted so that runs reach the interesting states: people get admitted,
 * hold, charge and pay, and time moves past the idle, hold and active TTLs.
 */
export const modelActions: fc.Arbitrary<ModelAction> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('enter' as const), user, concert }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), user, concert }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), user, concert }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('authorize' as const), user, owner: user, concert }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('admit' as const), concert }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'lines' as const }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      user,
      schedule,
      seatNos: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 2 }).map((seatNo) => [seatNo]) },
        { weight: 1, arbitrary: fc.constant([3]) },
        { weight: 4, arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }) },
      ),
      foreignToken: fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.record({ owner: user, concert }) },
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('holdBest' as const),
      user,
      schedule,
      count: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 2 }) },
        { weight: 1, arbitrary: fc.constant(3) },
      ),
      maxPrice: fc.constantFrom(null, null, 150, 250),
      allowSplit: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), user: actor, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extend' as const), user: actor, pick }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('charge' as const),
      user,
      amount: fc.constantFrom(100, 250, 1_000, 2_000, 2_500),
      key: fc.option(key, { nil: null }),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      user: actor,
      pick,
      key,
      tokenConcert: fc.oneof({ weight: 8, arbitrary: fc.constant('hold' as const) }, { weight: 1, arbitrary: concert }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('refund' as const), user: actor, pick, key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), schedule }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('payments' as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('balance' as const), user }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('history' as const), user, limit: fc.constantFrom(1, 3, undefined) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('seats' as const), schedule }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dates' as const), concert }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'concerts' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(1_000, 10_000) },
        { weight: 1, arbitrary: fc.constantFrom(45_000, 100_000) },
      ),
    }),
  },
)
