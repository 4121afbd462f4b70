import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { enterLine } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)

/** Entering the line, one live token per (user, concert), what status reports, and the ETA. */
export function describeQueueEntry(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('queue: entering the line', () => {
    scenario(
      'a first enter issues a WAITING token for the user and concert, at the back of the line',
      async ({ box }) => {
        const first = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
        // the facade's candidate, to which a store may append a suffix of its own (ports.ts)
        expect(first.token.startsWith('c1~token-0001')).toBe(true)
        expect(first).toEqual({
          token: first.token,
          userId: 'u1',
          concertId: 'c1',
          status: 'WAITING',
          rank: 1,
          etaSeconds: 1,
          enteredAt: START,
          expiresAt: null,
          salesOpenAt: null,
        })
        const second = await box.queue.enter({ userId: 'u2', concertId: 'c1' }).match(keep, unexpected)
        const third = await box.queue.enter({ userId: 'u3', concertId: 'c1' }).match(keep, unexpected)
        expect([second.rank, third.rank]).toEqual([2, 3])
        expect(new Set([first.token, second.token, third.token]).size).toBe(3)
      },
    )

    scenario('entering again returns the same live token and keeps its place in line', async ({ box, clock }) => {
      const [first] = await enterLine(box, 'c1', ['u1', 'u2'])
      clock.advance(30_000)
      const again = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      expect(again).toMatchObject({ token: first, rank: 1, status: 'WAITING', enteredAt: START })
    })

    scenario('entering again refreshes the heartbeat of a waiting token', async ({ box, clock }) => {
      const [kept, neglected] = await enterLine(box, 'c1', ['u1', 'u2'])
      clock.advance(100_000)
      await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      clock.advance(100_000) // 200 s after entering, 100 s after the refresh; the idle limit is 120 s
      const ticket = await box.queue.status({ token: kept ?? '' }).match(keep, unexpected)
      expect(ticket.status).toBe('WAITING')
      const idle = await box.queue.status({ token: neglected ?? '' }).match(unexpected, keep)
      expect(idle.type).toBe('TokenExpired')
    })

    scenario('each concert has its own line, and a token names its concert', async ({ box }) => {
      const one = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      const two = await box.queue.enter({ userId: 'u1', concertId: 'c2' }).match(keep, unexpected)
      expect(one.token).not.toBe(two.token)
      expect(one.token.startsWith('c1~')).toBe(true)
      expect(two.token.startsWith('c2~')).toBe(true)
      expect([one.rank, two.rank]).toEqual([1, 1])
    })

    scenario('an admitted user who enters again gets the ACTIVE token back', async ({ box, clock }) => {
      const [token] = await enterLine(box, 'c1', ['u1'])
      clock.advance(5_000)
      await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      const again = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      expect(again).toEqual({
        token,
        userId: 'u1',
        concertId: 'c1',
        status: 'ACTIVE',
        rank: null,
        etaSeconds: 0,
        enteredAt: START,
        expiresAt: at(5_000 + 10 * 60_000),
        salesOpenAt: null,
      })
    })

    scenario(
      'a user whose waiting token went idle gets a new token at the back of the line',
      async ({ box, clock }) => {
        const [stale] = await enterLine(box, 'c1', ['u1', 'u2'])
        clock.advance(60_000)
        await box.queue.enter({ userId: 'u2', concertId: 'c1' }).match(keep, unexpected)
        // u1 idle for 120 s (plus the store's declared heartbeat step): dead, not yet swept
        clock.advance(60_000 + suite.options.heartbeatStepMs)
        const fresh = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
        expect(fresh.token).not.toBe(stale)
        expect(fresh).toMatchObject({
          status: 'WAITING',
          rank: 2,
          enteredAt: at(120_000 + suite.options.heartbeatStepMs),
        })
        const gone = await box.queue.status({ token: stale ?? '' }).match(unexpected, keep)
        expect(gone.type).toBe('TokenNotFound')
      },
    )

    scenario('a user whose ACTIVE token expired gets a new WAITING token', async ({ box, clock }) => {
      const [stale] = await enterLine(box, 'c1', ['u1'])
      await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      clock.advance(10 * 60_000)
      const fresh = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      expect(fresh.token).not.toBe(stale)
      expect(fresh).toMatchObject({ status: 'WAITING', rank: 1, expiresAt: null })
      const gone = await box.queue.status({ token: stale ?? '' }).match(unexpected, keep)
      expect(gone.type).toBe('TokenNotFound')
    })

    scenario('a user who left and enters again goes to the back of the line', async ({ box }) => {
      const [left] = await enterLine(box, 'c1', ['u1', 'u2'])
      await box.queue.leave({ token: left ?? '' }).match(keep, unexpected)
      const back = await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
      expect(back.token).not.toBe(left)
      expect(back.rank).toBe(2)
    })
  })

  describe('queue: status', () => {
    scenario(
      'status reports the rank among waiting tokens, which moves up as people ahead leave or are admitted',
      async ({ box }) => {
        const [first, second, third] = await enterLine(box, 'c1', ['u1', 'u2', 'u3', 'u4'])
        expect(await rankOf(first)).toBe(1)
        expect(await rankOf(third)).toBe(3)
        await box.queue.leave({ token: second ?? '' }).match(keep, unexpected)
        expect(await rankOf(third)).toBe(2)
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(await rankOf(first)).toBeNull()

        async function rankOf(token: string | undefined): Promise<number | null> {
          const ticket = await box.queue.status({ token: token ?? '' }).match(keep, unexpected)
          return ticket.rank
        }
      },
      { policy: { queue: { admitPerTick: 1 } } },
    )

    scenario(
      'an admitted token has no rank, an ETA of 0 and expires activeTtlMs after admission',
      async ({ box, clock }) => {
        const [token] = await enterLine(box, 'c1', ['u1'])
        clock.advance(7_000)
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        clock.advance(1_000)
        const ticket = await box.queue.status({ token: token ?? '' }).match(keep, unexpected)
        expect(ticket).toEqual({
          token,
          userId: 'u1',
          concertId: 'c1',
          status: 'ACTIVE',
          rank: null,
          etaSeconds: 0,
          enteredAt: START,
          expiresAt: at(7_000 + 90_000),
          salesOpenAt: null,
        })
      },
      { policy: { queue: { activeTtlMs: 90_000 } } },
    )

    scenario('polling status keeps a waiting token in line past the idle limit', async ({ box, clock }) => {
      const [token] = await enterLine(box, 'c1', ['u1'])
      for (let poll = 0; poll < 5; poll++) {
        clock.advance(100_000)
        await box.queue.status({ token: token ?? '' }).match(keep, unexpected)
      }
      const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
      expect(report).toMatchObject({ admitted: 1, dropped: 0 })
    })

    scenario(
      'a waiting token not polled for waitingIdleTtlMs answers TokenExpired until swept, then TokenNotFound',
      async ({ box, clock }) => {
        const [polled, idle] = await enterLine(box, 'c1', ['u1', 'u2'])
        clock.advance(119_999)
        await box.queue.status({ token: polled ?? '' }).match(keep, unexpected)
        // idle exactly waitingIdleTtlMs, plus the heartbeat step the store declares (0 unless it records polls coarsely)
        clock.advance(1 + suite.options.heartbeatStepMs)
        expect((await box.queue.status({ token: idle ?? '' }).match(unexpected, keep)).type).toBe('TokenExpired')
        await box.queue.status({ token: polled ?? '' }).match(keep, unexpected)
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report.dropped).toBe(1)
        expect((await box.queue.status({ token: idle ?? '' }).match(unexpected, keep)).type).toBe('TokenNotFound')
      },
      { policy: { queue: { maxActive: 1, admitPerTick: 1 } } },
    )

    scenario(
      'a token polled within the heartbeat step is never dropped before waitingIdleTtlMs has passed since that poll',
      async ({ box, clock }) => {
        const step = suite.options.heartbeatStepMs
        const ttl = box.policy.queue.waitingIdleTtlMs
        const [token] = await enterLine(box, 'c1', ['u1'])
        // polls the store may leave unrecorded: each within the step of the recorded heartbeat
        for (const at of [Math.floor(step / 2), step]) {
          clock.set(new Date(START.getTime() + at))
          await box.queue.status({ token: token ?? '' }).match(keep, unexpected)
        }
        clock.advance(ttl - 1)
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ dropped: 0, admitted: 1 })
      },
      { policy: { queue: { maxActive: 1, admitPerTick: 1 } } },
    )

    scenario(
      'a token idle for waitingIdleTtlMs plus the heartbeat step is dropped, whether its last poll was recorded or not',
      async ({ box, clock }) => {
        const step = suite.options.heartbeatStepMs
        const ttl = box.policy.queue.waitingIdleTtlMs
        const [unrecorded, recorded] = await enterLine(box, 'c1', ['u1', 'u2'])
        clock.set(new Date(START.getTime() + step))
        await box.queue.status({ token: unrecorded ?? '' }).match(keep, unexpected)
        clock.set(new Date(START.getTime() + 3 * step + 1))
        await box.queue.status({ token: recorded ?? '' }).match(keep, unexpected)
        clock.set(new Date(START.getTime() + step + ttl + step))
        expect((await box.queue.status({ token: unrecorded ?? '' }).match(unexpected, keep)).type).toBe('TokenExpired')
        clock.set(new Date(START.getTime() + 3 * step + 1 + ttl + step))
        expect((await box.queue.status({ token: recorded ?? '' }).match(unexpected, keep)).type).toBe('TokenExpired')
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ dropped: 2, admitted: 0, waiting: 0 })
      },
    )

    scenario(
      'an ACTIVE token past its expiry answers TokenExpired until swept, then TokenNotFound',
      async ({ box, clock }) => {
        const [token] = await enterLine(box, 'c1', ['u1'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        clock.advance(10 * 60_000 - 1)
        await box.queue.status({ token: token ?? '' }).match(keep, unexpected)
        clock.advance(1)
        expect((await box.queue.status({ token: token ?? '' }).match(unexpected, keep)).type).toBe('TokenExpired')
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report.expired).toBe(1)
        expect((await box.queue.status({ token: token ?? '' }).match(unexpected, keep)).type).toBe('TokenNotFound')
      },
    )

    scenario('status of a token nobody issued is TokenNotFound', async ({ box }) => {
      await enterLine(box, 'c1', ['u1'])
      const error = await box.queue.status({ token: 'c1~never-issued' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'TokenNotFound', token: 'c1~never-issued' })
    })

    scenario(
      'an idle waiting token still counts in the ranks behind it until a tick sweeps it',
      async ({ box, clock }) => {
        await enterLine(box, 'c1', ['u0'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected) // u0 takes the only slot
        const [, behind] = await enterLine(box, 'c1', ['u1', 'u2'])
        clock.advance(100_000)
        await box.queue.status({ token: behind ?? '' }).match(keep, unexpected)
        clock.advance(30_000) // u1 idle for 130 s
        expect((await box.queue.status({ token: behind ?? '' }).match(keep, unexpected)).rank).toBe(2)
        const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(report).toMatchObject({ dropped: 1, admitted: 0, active: 1, waiting: 1 })
        expect((await box.queue.status({ token: behind ?? '' }).match(keep, unexpected)).rank).toBe(1)
      },
      { policy: { queue: { maxActive: 1 } } },
    )
  })

  describe('queue: estimated wait', () => {
    scenario(
      'before any admission is observed, etaSeconds follows the policy rate',
      async ({ box }) => {
        const tickets = []
        for (const userId of ['u1', 'u2', 'u3', 'u4', 'u5']) {
          tickets.push(await box.queue.enter({ userId, concertId: 'c1' }).match(keep, unexpected))
        }
        // 2 admissions per 1 s tick: rank r waits ceil(r / 2) seconds
        expect(tickets.map((t) => t.etaSeconds)).toEqual([1, 1, 2, 2, 3])
      },
      { policy: { queue: { admitPerTick: 2, admitIntervalMs: 1_000 } } },
    )

    scenario(
      'after admissions, etaSeconds follows the rate observed over recent ticks',
      async ({ box, clock }) => {
        const tokens = await enterLine(box, 'c1', ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        clock.advance(10_000)
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        // 2 admitted over 10 s: 0.2 per second, where the policy alone would say 1 per second
        const eta = async (token: string | undefined): Promise<number | null> =>
          (await box.queue.status({ token: token ?? '' }).match(keep, unexpected)).etaSeconds
        expect(await eta(tokens[2])).toBe(5)
        expect(await eta(tokens[5])).toBe(20)
        clock.advance(10_000) // still 2 admitted, now over 20 s
        expect(await eta(tokens[2])).toBe(10)
      },
      { policy: { queue: { admitPerTick: 1, admitIntervalMs: 1_000 } } },
    )

    scenario(
      'the observed rate covers only the last ten ticks of the concert',
      async ({ box, clock }) => {
        const [, waiting] = await enterLine(box, 'c1', ['u1', 'u2'])
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected) // admits u1 and fills the line
        clock.advance(8_000)
        for (let tick = 0; tick < 9; tick++) await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        const eta = async (): Promise<number | null> =>
          (await box.queue.status({ token: waiting ?? '' }).match(keep, unexpected)).etaSeconds
        expect(await eta()).toBe(8) // ten ticks kept: 1 admitted over 8 s
        const otherLine = await box.queue.enter({ userId: 'u9', concertId: 'c2' }).match(keep, unexpected)
        expect(otherLine.etaSeconds).toBe(1) // another concert's line has its own ticks: none yet
        await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(await eta()).toBe(1) // the admitting tick fell out: no rate observed, back to the policy's
      },
      { policy: { queue: { maxActive: 1, admitPerTick: 1, admitIntervalMs: 1_000 } } },
    )
  })
}
