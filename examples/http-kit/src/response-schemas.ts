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

export const concertSummarySchema = z
  .strictObject({ concertId: idSchema, title: z.string() })
  .meta({ id: 'ConcertSummary' })
export const concertSchema = z
  .strictObject({ concertId: idSchema, title: z.string(), createdAt: instant })
  .meta({ id: 'Concert' })
export const scheduleSchema = z
  .strictObject({ scheduleId: idSchema, concertId: idSchema, startsAt: instant, seatCount: count })
  .meta({ id: 'Schedule' })
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
export const scheduleDateSchema = z
  .strictObject({ scheduleId: idSchema, startsAt: instant, availableSeats: count })
  .meta({ id: 'ScheduleDate' })
export const seatSchema = z
  .strictObject({ seatNo: z.int().min(1), price: points, status: z.enum(['AVAILABLE', 'HELD', 'SOLD']) })
  .meta({ id: 'Seat' })
export const holdSchema = z
  .strictObject({
    holdId: idSchema,
    userId: idSchema,
    concertId: idSchema,
    scheduleId: idSchema,
    seatNo: z.int().min(1),
    price: points,
    status: z.enum(['HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED']),
    createdAt: instant,
    expiresAt: instant,
  })
  .meta({ id: 'Hold' })
export const balanceSchema = z.strictObject({ balance: points }).meta({ id: 'Balance' })
export const paymentSchema = z
  .strictObject({
    paymentId: idSchema,
    userId: idSchema,
    holdId: idSchema,
    concertId: idSchema,
    scheduleId: idSchema,
    seatNo: z.int().min(1),
    amount: points,
    idempotencyKey: z.string(),
    paidAt: instant,
  })
  .meta({ id: 'Payment' })
export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' })
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
