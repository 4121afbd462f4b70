import { idSchema, tokenSchema } from '@boxoffice/core'
import { z } from 'zod'

/*
 * What each route answers, as JSON (instants are ISO-8601 strings). They feed
 * the OpenAPI document, and the end-to-end tests parse every reply with them,
 * so the document cannot drift from what the servers send.
 */

const instant = z.iso.datetime().meta({ example: '2030-05-01T19:00:00.000Z' })
const points = z.int().min(0)
const count = z.int().min(0)

/** A concert in GET /concerts. */
export const concertSummarySchema = z
  .strictObject({ concertId: idSchema, title: z.string() })
  .meta({ id: 'ConcertSummary' })
/** A concert as POST /admin/concerts answers it. */
export const concertSchema = z
  .strictObject({ concertId: idSchema, title: z.string(), createdAt: instant })
  .meta({ id: 'Concert' })
/** A date as POST /admin/concerts/:concertId/schedules answers it. */
const scheduleStatus = z.enum(['SCHEDULED', 'CANCELLED']).meta({
  description: 'CANCELLED once the organiser cancelled the date: no new holds, every sale refunded.',
})
/** A date of a concert as the API answers it, with its status. */
export const scheduleSchema = z
  .strictObject({
    scheduleId: idSchema,
    concertId: idSchema,
    startsAt: instant,
    seatCount: count,
    status: scheduleStatus,
  })
  .meta({ id: 'Schedule' })
/** Your place in line: POST /queue/tokens, GET /queue/tokens/current. */
export const ticketSchema = z
  .strictObject({
    token: tokenSchema,
    userId: idSchema,
    concertId: idSchema,
    status: z.enum(['PRE_QUEUED', 'WAITING', 'ACTIVE']).meta({
      description: 'PRE_QUEUED before the sale opens (shuffled into line at the opening), then WAITING, then ACTIVE.',
    }),
    rank: z
      .int()
      .min(1)
      .nullable()
      .meta({ description: '1-based place among waiting tokens; null while PRE_QUEUED and once ACTIVE.' }),
    etaSeconds: count
      .nullable()
      .meta({ description: 'Estimated seconds until admission; 0 once ACTIVE; null while PRE_QUEUED or paused.' }),
    enteredAt: instant,
    expiresAt: instant.nullable().meta({ description: 'When an ACTIVE token stops admitting; null before.' }),
    salesOpenAt: instant.nullable().meta({ description: 'When the sale opens; null when it has no opening time.' }),
  })
  .meta({ id: 'Ticket' })
/** A concert's sale window and live line controls: the admin line routes. */
export const lineSettingsSchema = z
  .strictObject({
    concertId: idSchema,
    salesOpenAt: instant.nullable(),
    salesCloseAt: instant.nullable(),
    opened: z.boolean().meta({ description: 'The opening shuffle ran.' }),
    paused: z.boolean(),
    maxActive: z.int().min(1).nullable().meta({ description: "This concert's limit; null: the policy's." }),
    admitPerTick: z.int().min(1).nullable().meta({ description: "This concert's rate; null: the policy's." }),
  })
  .meta({ id: 'LineSettings' })
/** A date with its available seats: GET /concerts/:concertId/dates. */
export const scheduleDateSchema = z
  .strictObject({ scheduleId: idSchema, startsAt: instant, availableSeats: count, status: scheduleStatus })
  .meta({ id: 'ScheduleDate' })
/** A seat with its status: GET /schedules/:scheduleId/seats. */
export const seatSchema = z
  .strictObject({
    seatNo: z.int().min(1),
    price: points,
    row: z
      .string()
      .nullable()
      .meta({ description: 'The row label; seats of one row with consecutive numbers are adjacent.' }),
    status: z.enum(['AVAILABLE', 'HELD', 'SOLD']),
  })
  .meta({ id: 'Seat' })
/** A hold: POST /holds. */
export const holdSchema = z
  .strictObject({
    holdId: idSchema,
    userId: idSchema,
    concertId: idSchema,
    scheduleId: idSchema,
    seatNo: z.int().min(1).meta({ description: 'The first seat of the hold.' }),
    seatNos: z.array(z.int().min(1)).meta({ description: 'Every seat of the hold, ascending.' }),
    price: points.meta({ description: "The sum of the seats' prices." }),
    status: z.enum(['HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REFUNDED']),
    createdAt: instant,
    expiresAt: instant,
    extended: z.boolean().meta({ description: 'Whether the hold was extended (once per hold).' }),
  })
  .meta({ id: 'Hold' })
/** A points balance: GET /wallet, POST /wallet/charges. */
export const balanceSchema = z.strictObject({ balance: points }).meta({ id: 'Balance' })
const paymentFields = {
  paymentId: idSchema,
  userId: idSchema,
  holdId: idSchema,
  concertId: idSchema,
  scheduleId: idSchema,
  seatNo: z.int().min(1),
  seatNos: z.array(z.int().min(1)),
  amount: points,
  idempotencyKey: z.string(),
  paidAt: instant,
}
/** A payment: POST /payments. */
export const paymentSchema = z.strictObject(paymentFields).meta({ id: 'Payment' })
/** A payment and whether it was refunded: GET /payments, GET /payments/:paymentId. */
export const paymentSummarySchema = z
  .strictObject({
    ...paymentFields,
    status: z.enum(['PAID', 'REFUNDED']),
    refundedAt: instant.nullable().meta({ description: 'When it was refunded; null while PAID.' }),
  })
  .meta({ id: 'PaymentSummary' })
/** A refund: POST /payments/:paymentId/refund. */
export const refundSchema = z
  .strictObject({
    refundId: idSchema,
    paymentId: idSchema,
    userId: idSchema,
    holdId: idSchema,
    scheduleId: idSchema,
    amount: points,
    reason: z.enum(['REQUESTED', 'SCHEDULE_CANCELLED']).meta({
      description: 'REQUESTED by the payer, or SCHEDULE_CANCELLED when the organiser cancelled the date.',
    }),
    idempotencyKey: z.string().nullable().meta({ description: 'The payer’s key; null for a cancellation’s refund.' }),
    refundedAt: instant,
  })
  .meta({ id: 'Refund' })
/** One cancellation step: POST /admin/schedules/:scheduleId/cancel. */
export const cancelReportSchema = z
  .strictObject({
    scheduleId: idSchema,
    released: count.meta({ description: 'Live holds this call released.' }),
    refunded: count.meta({ description: 'Payments this call refunded (at most `limit`).' }),
    remaining: count.meta({ description: 'Payments still to refund; 0 when the cancellation is done.' }),
  })
  .meta({ id: 'CancelReport' })
/** GET /health. */
export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' })
/**
 * Every error reply: `{ error: { type, message, ...details } }`.
 *
 * @example
 * ```ts
 * const { type } = errorSchema.parse(await response.json()).error
 * ```
 */
export const errorSchema = z
  .strictObject({
    error: z
      .looseObject({
        type: z.string().meta({ description: 'PascalCase error type, e.g. SeatUnavailable.' }),
        message: z.string().meta({ description: 'What happened and what to do about it.' }),
      })
      .meta({ description: 'Further fields explain the error (seatNo, balance, price, field...).' }),
  })
  .meta({ id: 'Error' })
