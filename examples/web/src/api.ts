import type {
  Balance,
  ConcertSummary,
  Failure,
  FailureType,
  Hold,
  Outcome,
  Payment,
  ScheduleDate,
  Seat,
  Ticket,
} from './api-types'

/*
 * Every call the page makes, in one file. The page always thinks in seat lists (`seatNos`), so the
 * API's one-seat shapes are adapted here and only here: `holdSeats`, `toHeldSeats` and `toReceipt`.
 */

/** Most seats one hold may carry through this API (it holds one seat per call). */
export const MAX_SEATS_PER_HOLD = 1

/** A hold as the page shows it. `deadline` is on this browser's clock, so a skewed clock does not shorten it. */
export interface HeldSeats {
  readonly holdId: string
  readonly concertId: string
  readonly scheduleId: string
  readonly seatNos: readonly number[]
  readonly price: number
  readonly deadline: number
}

/** A payment as the receipt shows it. */
export interface Receipt {
  readonly paymentId: string
  readonly holdId: string
  readonly concertId: string
  readonly scheduleId: string
  readonly seatNos: readonly number[]
  readonly amount: number
  readonly paidAt: string
}

/** A hold's remaining time is the server's (`expiresAt - createdAt`), counted down on this browser's clock. */
export const toHeldSeats = (hold: Hold, receivedAt: number): HeldSeats => ({
  holdId: hold.holdId,
  concertId: hold.concertId,
  scheduleId: hold.scheduleId,
  seatNos: [hold.seatNo],
  price: hold.price,
  deadline: receivedAt + Date.parse(hold.expiresAt) - Date.parse(hold.createdAt),
})

export const toReceipt = (payment: Payment): Receipt => ({
  paymentId: payment.paymentId,
  holdId: payment.holdId,
  concertId: payment.concertId,
  scheduleId: payment.scheduleId,
  seatNos: [payment.seatNo],
  amount: payment.amount,
  paidAt: payment.paidAt,
})

const failure = (status: number, type: FailureType, message: string, details: Record<string, unknown> = {}) => ({
  ok: false as const,
  error: { status, type, message, details } satisfies Failure,
})

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body?: object,
): Promise<Outcome<T>> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    })
  } catch {
    return failure(0, 'NetworkError', 'the server cannot be reached: check your connection and try again')
  }
  if (response.status === 204) return { ok: true, value: undefined as T }
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok) return { ok: true, value: json as T }
  const error = isObject(json) && isObject(json['error']) ? json['error'] : undefined
  if (error === undefined || typeof error['type'] !== 'string' || typeof error['message'] !== 'string') {
    return failure(response.status, 'UnexpectedReply', `the server answered ${response.status} without an error body`)
  }
  const { type, message, ...details } = error
  return failure(response.status, type as FailureType, message, details)
}

const idempotent = (key: string) => ({ 'idempotency-key': key })

/** The API as one demo user: `userId` travels in `X-User-Id`, the stand-in for a real sign-in. */
export function createApi(userId: string) {
  const user = { 'x-user-id': userId }
  const admitted = (token: string) => ({ ...user, 'queue-token': token })
  return {
    listConcerts: () => request<ConcertSummary[]>('GET', '/concerts', {}),
    enterQueue: (concertId: string) => request<Ticket>('POST', '/queue/tokens', user, { concertId }),
    queueStatus: (token: string) => request<Ticket>('GET', '/queue/tokens/current', admitted(token)),
    leaveQueue: (token: string) => request<undefined>('DELETE', '/queue/tokens/current', admitted(token)),
    listDates: (concertId: string, token: string) =>
      request<ScheduleDate[]>('GET', `/concerts/${encodeURIComponent(concertId)}/dates`, admitted(token)),
    listSeats: (scheduleId: string, token: string) =>
      request<Seat[]>('GET', `/schedules/${encodeURIComponent(scheduleId)}/seats`, admitted(token)),
    /** Holds the given seats together; this API takes one seat per hold, so the page never offers more. */
    holdSeats: async (scheduleId: string, seatNos: readonly number[], token: string): Promise<Outcome<HeldSeats>> => {
      const [seatNo] = seatNos
      if (seatNo === undefined || seatNos.length > MAX_SEATS_PER_HOLD) {
        return failure(0, 'ValidationFailed', `choose 1 to ${MAX_SEATS_PER_HOLD} seats`)
      }
      const held = await request<Hold>('POST', '/holds', admitted(token), { scheduleId, seatNo })
      return held.ok ? { ok: true, value: toHeldSeats(held.value, Date.now()) } : held
    },
    releaseHold: (holdId: string) => request<undefined>('DELETE', `/holds/${encodeURIComponent(holdId)}`, user),
    balance: () => request<Balance>('GET', '/wallet', user),
    charge: (amount: number, key: string) =>
      request<Balance>('POST', '/wallet/charges', { ...user, ...idempotent(key) }, { amount }),
    pay: async (holdId: string, token: string, key: string): Promise<Outcome<Receipt>> => {
      const paid = await request<Payment>('POST', '/payments', { ...admitted(token), ...idempotent(key) }, { holdId })
      return paid.ok ? { ok: true, value: toReceipt(paid.value) } : paid
    },
  }
}

export type Api = ReturnType<typeof createApi>
