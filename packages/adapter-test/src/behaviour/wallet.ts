import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)

/** The wallet calls, the charge limits and idempotency keys. */
export function describeWallet(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('wallet: charging points', () => {
    scenario('a user who never charged has a balance of 0 and an empty history', async ({ box }) => {
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(0)
      expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toEqual([])
    })

    scenario('a charge adds points and records a CHARGE entry with the balance after it', async ({ box, clock }) => {
      clock.advance(3_000)
      const receipt = await box.wallet.charge({ userId: 'u1', amount: 500 }).match(keep, unexpected)
      expect(receipt).toEqual({
        balance: 500,
        entry: {
          entryId: expect.any(String),
          userId: 'u1',
          kind: 'CHARGE',
          amount: 500,
          balanceAfter: 500,
          at: at(3_000),
          paymentId: null,
          idempotencyKey: null,
        },
      })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(500)
      expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toEqual([receipt.entry])
    })

    scenario('charges accumulate, each ledger entry carrying the balance right after it', async ({ box }) => {
      for (const amount of [100, 250, 40]) await box.wallet.charge({ userId: 'u1', amount }).match(keep, unexpected)
      await box.wallet.charge({ userId: 'u2', amount: 7 }).match(keep, unexpected)
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(390)
      const history = await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)
      expect(history.map((e) => [e.amount, e.balanceAfter])).toEqual([
        [40, 390],
        [250, 350],
        [100, 100],
      ])
    })

    scenario('history lists entries newest first, at most `limit` of them', async ({ box, clock }) => {
      for (const amount of [1, 2, 3, 4, 5]) {
        await box.wallet.charge({ userId: 'u1', amount }).match(keep, unexpected)
        clock.advance(1_000)
      }
      const three = await box.wallet.history({ userId: 'u1', limit: 3 }).match(keep, unexpected)
      expect(three.map((e) => e.amount)).toEqual([5, 4, 3])
      expect(three.map((e) => e.at)).toEqual([at(4_000), at(3_000), at(2_000)])
      const all = await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)
      expect(all.map((e) => e.amount)).toEqual([5, 4, 3, 2, 1])
    })

    scenario(
      'a charge above charge.maxAmount is ChargeLimitExceeded (amount) and changes nothing',
      async ({ box }) => {
        const error = await box.wallet.charge({ userId: 'u1', amount: 1_001 }).match(unexpected, keep)
        expect(error).toMatchObject({ type: 'ChargeLimitExceeded', reason: 'amount', amount: 1_001, limit: 1_000 })
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(0)
        await box.wallet.charge({ userId: 'u1', amount: 1_000 }).match(keep, unexpected)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(1)
      },
      { policy: { charge: { maxAmount: 1_000 } } },
    )

    scenario(
      'a charge that would pass charge.maxBalance is ChargeLimitExceeded (balance) and changes nothing',
      async ({ box }) => {
        await box.wallet.charge({ userId: 'u1', amount: 1_000 }).match(keep, unexpected)
        const error = await box.wallet.charge({ userId: 'u1', amount: 600 }).match(unexpected, keep)
        expect(error).toMatchObject({ type: 'ChargeLimitExceeded', reason: 'balance', amount: 600, limit: 1_500 })
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(1)
        const full = await box.wallet.charge({ userId: 'u1', amount: 500 }).match(keep, unexpected)
        expect(full.balance).toBe(1_500)
      },
      { policy: { charge: { maxBalance: 1_500 } } },
    )
  })

  describe('wallet: default limits', () => {
    scenario(
      'by default one charge adds at most 1,000,000 and a balance reaches at most 100,000,000',
      async ({ box }) => {
        const tooMuch = await box.wallet.charge({ userId: 'u1', amount: 1_000_001 }).match(unexpected, keep)
        expect(tooMuch).toMatchObject({ type: 'ChargeLimitExceeded', reason: 'amount', limit: 1_000_000 })
        for (let i = 0; i < 100; i++)
          await box.wallet.charge({ userId: 'u1', amount: 1_000_000 }).match(keep, unexpected)
        const overflow = await box.wallet.charge({ userId: 'u1', amount: 1 }).match(unexpected, keep)
        expect(overflow).toMatchObject({ type: 'ChargeLimitExceeded', reason: 'balance', limit: 100_000_000 })
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(100_000_000)
      },
    )
  })

  describe('wallet: idempotency keys', () => {
    scenario(
      'a charge retried with the same key answers the first receipt and adds nothing',
      async ({ box, clock }) => {
        const first = await box.wallet
          .charge({ userId: 'u1', amount: 100, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(first.entry.idempotencyKey).toBe('k1')
        await box.wallet.charge({ userId: 'u1', amount: 50 }).match(keep, unexpected)
        clock.advance(60_000)
        const retried = await box.wallet
          .charge({ userId: 'u1', amount: 100, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(retried).toEqual(first) // the balance as it was right after the first charge
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(150)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(2)
      },
    )

    scenario('a key reused with another amount is IdempotencyConflict', async ({ box }) => {
      await box.wallet.charge({ userId: 'u1', amount: 100, idempotencyKey: 'k1' }).match(keep, unexpected)
      const error = await box.wallet.charge({ userId: 'u1', amount: 200, idempotencyKey: 'k1' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'k1' })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(100)
    })

    scenario('idempotency keys are scoped per user', async ({ box }) => {
      await box.wallet.charge({ userId: 'u1', amount: 100, idempotencyKey: 'k1' }).match(keep, unexpected)
      const other = await box.wallet.charge({ userId: 'u2', amount: 200, idempotencyKey: 'k1' }).match(keep, unexpected)
      expect(other.balance).toBe(200)
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(100)
    })

    scenario(
      'a refused charge does not use up its key',
      async ({ box }) => {
        await box.wallet.charge({ userId: 'u1', amount: 900 }).match(keep, unexpected)
        const overBalance = await box.wallet
          .charge({ userId: 'u1', amount: 200, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        const overAmount = await box.wallet
          .charge({ userId: 'u1', amount: 5_000, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        expect([overBalance.type, overAmount.type]).toEqual(['ChargeLimitExceeded', 'ChargeLimitExceeded'])
        const accepted = await box.wallet
          .charge({ userId: 'u1', amount: 100, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(accepted.balance).toBe(1_000)
      },
      { policy: { charge: { maxAmount: 1_000, maxBalance: 1_000 } } },
    )
  })
}
