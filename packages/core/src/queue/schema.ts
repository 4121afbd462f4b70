import { z } from 'zod'
import { idSchema, tokenSchema } from '../validation.js'

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
export const tokenInput: z.ZodType<TokenInput> = z.strictObject({ token: tokenSchema })
export const authorizeInput: z.ZodType<AuthorizeInput> = z.strictObject({ userId: idSchema, token: tokenSchema })
export const admitInput: z.ZodType<AdmitInput> = z.strictObject({ concertId: idSchema })
