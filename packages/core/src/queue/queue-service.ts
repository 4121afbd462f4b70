import { ok, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import type {
  QueueReset,
  SaleClosed,
  StoreError,
  TokenError,
  TokenExpired,
  TokenNotFound,
  ValidationFailed,
} from '../errors.js'
import type { AdmitReport, QueuePosition } from '../ports.js'
import { composeToken, parseInput } from '../validation.js'
import type { LineControls, LineSettings } from './sale-line.js'
import { admitInput, authorizeInput, enterInput, lineInput, setLimitsInput, tokenInput } from './schema.js'
import type { AdmitInput, AuthorizeInput, EnterInput, LineInput, SetLimitsInput, TokenInput } from './schema.js'
import { toTicket, type Ticket } from './ticket.js'
import type { QueueToken } from './token.js'

/** `box.queue`: the waiting room. */
export interface QueueApi {
  /**
   * Joins the line, or returns the caller's live token for that concert.
   *
   * @example
   * ```ts
   * const ticket = await box.queue.enter({ userId: 'u1', concertId })
   * if (ticket.isOk()) console.log(ticket.value.rank, ticket.value.etaSeconds)
   * ```
   */
  enter(input: EnterInput): ResultAsync<Ticket, ValidationFailed | SaleClosed | StoreError>
  /**
   * The token's ticket; polling it is the heartbeat that keeps a WAITING token in line.
   *
   * @example
   * ```ts
   * const ticket = await box.queue.status({ token })
   * ```
   */
  status(
    input: TokenInput,
  ): ResultAsync<Ticket, ValidationFailed | TokenNotFound | TokenExpired | QueueReset | StoreError>
  /**
   * Gives the place up.
   *
   * @example
   * ```ts
   * await box.queue.leave({ token })
   * ```
   */
  leave(input: TokenInput): ResultAsync<void, ValidationFailed | TokenNotFound | QueueReset | StoreError>
  /**
   * The guard of gated calls: the token exists, is the user's, and is ACTIVE and unexpired.
   *
   * @example
   * ```ts
   * const admitted = await box.queue.authorize({ userId: 'u1', token })
   * ```
   */
  authorize(
    input: AuthorizeInput,
  ): ResultAsync<QueueToken, ValidationFailed | Exclude<TokenError, { type: 'TokenConcertMismatch' }> | StoreError>
  /**
   * One admission tick for a concert (the scheduler calls this for you).
   *
   * @example
   * ```ts
   * const report = await box.queue.admit({ concertId })
   * ```
   */
  admit(input: AdmitInput): ResultAsync<AdmitReport, ValidationFailed | StoreError>
  /**
   * Concerts that have anybody in line or admitted.
   *
   * @example
   * ```ts
   * const concertIds = await box.queue.concerts()
   * ```
   */
  concerts(): ResultAsync<readonly string[], StoreError>
  /**
   * The concert's sale window and live controls.
   *
   * @example
   * ```ts
   * const line = await box.queue.line({ concertId })
   * ```
   */
  line(input: LineInput): ResultAsync<LineSettings, ValidationFailed | StoreError>
  /**
   * Stops admitting (every process, from its next tick); ranks still show, ETAs are null.
   *
   * @example
   * ```ts
   * await box.queue.pause({ concertId })
   * ```
   */
  pause(input: LineInput): ResultAsync<LineSettings, ValidationFailed | StoreError>
  /**
   * Admits again after a pause.
   *
   * @example
   * ```ts
   * await box.queue.resume({ concertId })
   * ```
   */
  resume(input: LineInput): ResultAsync<LineSettings, ValidationFailed | StoreError>
  /**
   * Overrides the policy's `maxActive` / `admitPerTick` for one concert, live
   * for every process from its next tick; null goes back to the policy's.
   *
   * @example
   * ```ts
   * await box.queue.setLimits({ concertId, maxActive: 500, admitPerTick: 50 })
   * ```
   */
  setLimits(input: SetLimitsInput): ResultAsync<LineSettings, ValidationFailed | StoreError>
}

/** How many concerts one scheduler tick visits at most. */
const CONCERTS_PER_TICK = 10_000

export function createQueueApi(ctx: BoxOfficeContext): QueueApi {
  const policy = ctx.policy.queue
  const ticket = (position: QueuePosition, now: Date): Ticket =>
    toTicket(position.token, position.rank, position.admissions, now, policy, position.line)
  const control = (concertId: string, controls: LineControls) => ctx.queue.controlLine({ concertId, controls })
  return {
    enter: (input) =>
      parseInput(enterInput, input).asyncAndThen(({ userId, concertId }) => {
        const now = ctx.clock.now()
        return ctx.queue
          .enter({
            token: composeToken(concertId, ctx.ids('token')),
            userId,
            concertId,
            now,
            policy,
            random: ctx.random,
          })
          .andThen((position) => ok(ticket(position, now)))
      }),
    status: (input) =>
      parseInput(tokenInput, input).asyncAndThen(({ token }) => {
        const now = ctx.clock.now()
        return ctx.queue.status({ token, now, policy }).andThen((position) => ok(ticket(position, now)))
      }),
    leave: (input) =>
      parseInput(tokenInput, input).asyncAndThen(({ token }) => ctx.queue.leave({ token, now: ctx.clock.now() })),
    authorize: (input) =>
      parseInput(authorizeInput, input).asyncAndThen(({ userId, token }) =>
        ctx.queue.authorize({ token, userId, now: ctx.clock.now(), policy }),
      ),
    admit: (input) =>
      parseInput(admitInput, input).asyncAndThen(({ concertId }) =>
        ctx.queue.admit({ concertId, now: ctx.clock.now(), policy, random: ctx.random }),
      ),
    concerts: () => ctx.queue.concerts({ limit: CONCERTS_PER_TICK }),
    line: (input) =>
      parseInput(lineInput, input).asyncAndThen(({ concertId }) => ctx.queue.lineSettings({ concertId })),
    pause: (input) =>
      parseInput(lineInput, input).asyncAndThen(({ concertId }) => control(concertId, { paused: true })),
    resume: (input) =>
      parseInput(lineInput, input).asyncAndThen(({ concertId }) => control(concertId, { paused: false })),
    setLimits: (input) =>
      parseInput(setLimitsInput, input).asyncAndThen((parsed) => {
        const controls: { maxActive?: number | null; admitPerTick?: number | null } = {}
        if (parsed.maxActive !== undefined) controls.maxActive = parsed.maxActive
        if (parsed.admitPerTick !== undefined) controls.admitPerTick = parsed.admitPerTick
        return control(parsed.concertId, controls)
      }),
  }
}
