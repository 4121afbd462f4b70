import type {
  ApiError,
  balanceSchema,
  concertSummarySchema,
  holdSchema,
  paymentSchema,
  scheduleDateSchema,
  seatSchema,
  ticketSchema,
} from '@boxoffice/http'

/*
 * The replies of the HTTP API, typed from the very zod schemas the servers answer with (a type-only
 * import: nothing of zod reaches the bundle), so the page cannot drift from the API.
 */
type Reply<Schema> = Schema extends { readonly _zod: { readonly output: infer Output } } ? Output : never

export type ConcertSummary = Reply<typeof concertSummarySchema>
export type Ticket = Reply<typeof ticketSchema>
export type TicketStatus = Ticket['status']
export type ScheduleDate = Reply<typeof scheduleDateSchema>
export type Seat = Reply<typeof seatSchema>
export type SeatStatus = Seat['status']
export type Hold = Reply<typeof holdSchema>
export type Payment = Reply<typeof paymentSchema>
export type Balance = Reply<typeof balanceSchema>

/** Every `error.type` the API can answer, plus what the browser itself can fail with. */
export type FailureType = ApiError['type'] | 'NetworkError' | 'UnexpectedReply'

/** An error reply (`{ error: { type, message, ...details } }`) or a request that got no reply. */
export interface Failure {
  readonly status: number
  readonly type: FailureType
  readonly message: string
  readonly details: Readonly<Record<string, unknown>>
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure }
