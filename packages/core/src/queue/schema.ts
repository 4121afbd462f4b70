import { z } from 'zod'
import { idSchema } from '../validation.js'

export interface EnterInput {
  readonly userId: string
  readonly concertId: string
}
export interface TokenInput {
  readonly token: string
}
export interface AuthorizeInput {
  readonly userId: string
  readonly token: string
}
export interface AdmitInput {
  readonly concertId: string
}

export const enterInput: z.ZodType<EnterInput> = z.strictObject({ userId: idSchema, concertId: idSchema })
export const tokenInput: z.ZodType<TokenInput> = z.strictObject({ token: idSchema })
export const authorizeInput: z.ZodType<AuthorizeInput> = z.strictObject({ userId: idSchema, token: idSchema })
export const admitInput: z.ZodType<AdmitInput> = z.strictObject({ concertId: idSchema })
