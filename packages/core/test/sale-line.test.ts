import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyControls,
  decideSchedule,
  defaultLineSettings,
  issueToken,
  linePolicy,
  openingDue,
  openToken,
  randomBelow,
  saleStage,
  shuffled,
  toTicket,
  tokenLiveness,
} from '../src/adapter.js'
import { defaultPolicy } from '../src/index.js'

const policy = defaultPolicy.queue
const t0 = new Date('2030-01-01T00:00:00Z')
const at = (ms: number): Date => new Date(t0.getTime() + ms)
const scheduled = { ...defaultLineSettings('c1'), salesOpenAt: at(60_000), salesCloseAt: at(120_000) }

describe('sale window', () => {
  it('is before, open, then closed; the opening is due once, at or after salesOpenAt', () => {
    expect([saleStage(scheduled, at(0)), saleStage(scheduled, at(60_000)), saleStage(scheduled, at(120_000))]).toEqual([
      'before',
      'open',
      'closed',
    ])
    expect([openingDue(scheduled, at(59_999)), openingDue(scheduled, at(60_000))]).toEqual([false, true])
    expect(openingDue({ ...scheduled, opened: true }, at(60_000))).toBe(false)
    expect(openingDue(defaultLineSettings('c1'), at(0))).toBe(false)
  })

  it('may move while the line has not opened, and only its closing time afterwards', () => {
    const moved = decideSchedule(scheduled, { salesOpenAt: at(90_000), salesCloseAt: null }, 0, at(1_000))
    expect(moved._unsafeUnwrap()).toMatchObject({ salesOpenAt: at(90_000), salesCloseAt: null })
    const late = decideSchedule(scheduled, { salesOpenAt: at(90_000), salesCloseAt: null }, 0, at(60_000))
    expect(late._unsafeUnwrapErr().type).toBe('SaleAlreadyOpen')
    const closeOnly = decideSchedule(scheduled, { salesOpenAt: at(60_000), salesCloseAt: at(500_000) }, 3, at(70_000))
    expect(closeOnly._unsafeUnwrap().salesCloseAt).toEqual(at(500_000))
    // a line without a window is on sale from its first enter
    const busy = decideSchedule(defaultLineSettings('c1'), { salesOpenAt: at(90_000), salesCloseAt: null }, 1, at(0))
    expect(busy._unsafeUnwrapErr()).toMatchObject({ type: 'SaleAlreadyOpen', salesOpenAt: null })
  })

  it('live limits override the policy, and null gives the policy back', () => {
    const limited = applyControls(defaultLineSettings('c1'), { maxActive: 5 })
    expect(linePolicy(policy, limited)).toMatchObject({ maxActive: 5, admitPerTick: policy.admitPerTick })
    expect(linePolicy(policy, applyControls(limited, { maxActive: null }))).toBe(policy)
    expect(applyControls(limited, { paused: true })).toMatchObject({ paused: true, maxActive: 5 })
  })
})

describe('pre-queued tokens', () => {
  const early = issueToken({ token: 'c1~p', userId: 'u1', concertId: 'c1', seq: 1 }, at(0), 'PRE_QUEUED')

  it('are never idle before the opening; their idle time counts from it', () => {
    const idle = policy.waitingIdleTtlMs
    expect(tokenLiveness(early, at(59_999), policy, scheduled.salesOpenAt)).toBe('live')
    expect(tokenLiveness(early, at(60_000 + idle - 1), policy, scheduled.salesOpenAt)).toBe('live')
    expect(tokenLiveness(early, at(60_000 + idle), policy, scheduled.salesOpenAt)).toBe('idle')
    const opened = openToken(early, 1, scheduled.salesOpenAt)
    expect(opened).toMatchObject({ status: 'WAITING', seq: 1, lastSeenAt: at(60_000), enteredAt: at(0) })
  })

  it('show no rank and no ETA, and the opening time', () => {
    expect(toTicket(early, null, { admitted: 0, since: null }, at(0), policy, scheduled)).toMatchObject({
      status: 'PRE_QUEUED',
      rank: null,
      etaSeconds: null,
      salesOpenAt: at(60_000),
    })
  })

  it('a paused line shows ranks without an ETA', () => {
    const waiting = issueToken({ token: 'c1~w', userId: 'u2', concertId: 'c1', seq: 2 }, at(0))
    const paused = { ...defaultLineSettings('c1'), paused: true }
    expect(toTicket(waiting, 3, { admitted: 0, since: null }, at(0), policy, paused)).toMatchObject({
      rank: 3,
      etaSeconds: null,
    })
  })
})

describe('random draws', () => {
  it('randomBelow stays in range and shuffled is a permutation of its input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.infiniteStream(fc.nat({ max: 0xffff_ffff })), (items, stream) => {
        const random = () => stream.next().value as number
        expect([...shuffled(items, random)].sort()).toEqual([...items].sort())
        const bound = items.length + 1
        const draw = randomBelow(random, bound)
        expect(draw >= 0 && draw < bound).toBe(true)
      }),
    )
  })
})
