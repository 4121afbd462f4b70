import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  activateToken,
  admissionRate,
  admissionSlots,
  authorizeToken,
  decideEnter,
  defaultLineSettings,
  issueToken,
  pollToken,
  toTicket,
  tokenLiveness,
} from '../src/adapter.js'
import { defaultPolicy } from '../src/index.js'

const policy = defaultPolicy.queue
const t0 = new Date('2030-01-01T00:00:00Z')
const at = (ms: number): Date => new Date(t0.getTime() + ms)
const waiting = issueToken({ token: 'c1~a', userId: 'u1', concertId: 'c1', seq: 1 }, t0)
const onSale = defaultLineSettings('c1')

describe('queue token transitions', () => {
  it('a WAITING token goes idle exactly waitingIdleTtlMs after its last poll', () => {
    expect(tokenLiveness(waiting, at(policy.waitingIdleTtlMs - 1), policy)).toBe('live')
    expect(tokenLiveness(waiting, at(policy.waitingIdleTtlMs), policy)).toBe('idle')
  })

  it('an ACTIVE token expires at its expiresAt', () => {
    const active = activateToken(waiting, at(1000), policy)
    expect(active.expiresAt?.getTime()).toBe(at(1000 + policy.activeTtlMs).getTime())
    expect(tokenLiveness(active, at(1000 + policy.activeTtlMs - 1), policy)).toBe('live')
    expect(tokenLiveness(active, at(1000 + policy.activeTtlMs), policy)).toBe('expired')
  })

  it('enter returns a live token with a fresh heartbeat, and replaces a dead one', () => {
    const again = decideEnter(waiting, at(10), policy)
    expect(again).toEqual({ kind: 'existing', token: { ...waiting, lastSeenAt: at(10) } })
    expect(decideEnter(waiting, at(policy.waitingIdleTtlMs), policy)).toEqual({ kind: 'issue', replaces: waiting })
    expect(decideEnter(undefined, t0, policy)).toEqual({ kind: 'issue', replaces: null })
  })

  it('a poll refreshes a WAITING token and reports a dead one as expired', () => {
    expect(pollToken('c1~a', waiting, at(5), policy)._unsafeUnwrap().lastSeenAt).toEqual(at(5))
    expect(pollToken('c1~a', waiting, at(policy.waitingIdleTtlMs), policy)._unsafeUnwrapErr().type).toBe('TokenExpired')
    expect(pollToken('c1~a', undefined, t0, policy)._unsafeUnwrapErr().type).toBe('TokenNotFound')
  })

  it('authorization checks ownership before state, so a stolen token reveals nothing', () => {
    const expired = activateToken(waiting, t0, policy)
    const later = at(policy.activeTtlMs + 1)
    expect(authorizeToken('c1~a', expired, 'thief', later, policy)._unsafeUnwrapErr().type).toBe('TokenUserMismatch')
    expect(authorizeToken('c1~a', expired, 'u1', later, policy)._unsafeUnwrapErr().type).toBe('TokenExpired')
    expect(authorizeToken('c1~a', waiting, 'u1', t0, policy)._unsafeUnwrapErr().type).toBe('TokenNotActive')
    expect(authorizeToken('c1~a', expired, 'u1', t0, policy)._unsafeUnwrap().status).toBe('ACTIVE')
  })

  it('admission slots never exceed the rate, the free capacity or the line', () => {
    fc.assert(
      fc.property(
        fc.nat(300),
        fc.nat(300),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        (active, line, maxActive, admitPerTick) => {
          const slots = admissionSlots(active, line, { ...policy, maxActive, admitPerTick })
          expect(slots).toBeGreaterThanOrEqual(0)
          expect(slots).toBeLessThanOrEqual(admitPerTick)
          expect(slots).toBeLessThanOrEqual(line)
          expect(active + slots).toBeLessThanOrEqual(Math.max(active, maxActive))
          expect(slots).toBe(Math.max(0, Math.min(admitPerTick, maxActive - active, line)))
        },
      ),
    )
  })
})

describe('ticket and ETA', () => {
  it('before any admission is observed, the ETA follows the policy rate', () => {
    // 100 per 1,000 ms -> rank 250 waits 3 s (2.5 rounded up)
    expect(admissionRate({ admitted: 0, since: null }, t0, policy)).toBe(100)
    expect(toTicket(waiting, 250, { admitted: 0, since: null }, t0, policy, onSale).etaSeconds).toBe(3)
  })

  it('once ticks admitted tokens, the ETA follows the observed rate', () => {
    // 20 admitted over the last 10 s -> 2 per second -> rank 7 waits 4 s
    const window = { admitted: 20, since: at(0) }
    expect(admissionRate(window, at(10_000), policy)).toBe(2)
    expect(toTicket(waiting, 7, window, at(10_000), policy, onSale).etaSeconds).toBe(4)
  })

  it('an ACTIVE ticket has no rank, no wait and an expiry', () => {
    const active = activateToken(waiting, t0, policy)
    expect(toTicket(active, null, { admitted: 0, since: null }, t0, policy, onSale)).toMatchObject({
      status: 'ACTIVE',
      rank: null,
      etaSeconds: 0,
      expiresAt: active.expiresAt,
    })
  })
})
