import { z } from 'zod'
import { DEFAULT_BODY_LIMIT_BYTES } from '@boxoffice/http'

/** What a server process reads from its environment (store URLs are read by `selectStores`). */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  /** Admin routes are refused when unset. */
  readonly adminToken: string | undefined
  readonly logLevel: string
  /** Pause between two scheduler ticks (admit + expire). */
  readonly schedulerIntervalMs: number
  readonly bodyLimitBytes: number
}

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ADMIN_TOKEN: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(1_048_576).default(DEFAULT_BODY_LIMIT_BYTES),
})

/**
 * Reads PORT (3000), HOST (127.0.0.1), ADMIN_TOKEN, LOG_LEVEL (info),
 * SCHEDULER_INTERVAL_MS (1000) and BODY_LIMIT_BYTES (16384). A malformed value
 * stops the process at start, with the variable named, so this throws.
 *
 * @example
 * ```ts
 * const config = readServerConfig(process.env)
 * ```
 */
export function readServerConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  // An empty variable (`ADMIN_TOKEN=`) means unset, as in most shells' .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = configSchema.safeParse(present)
  if (!parsed.success) throw new TypeError(`invalid environment: ${z.prettifyError(parsed.error)}`)
  const config = parsed.data
  return {
    port: config.PORT,
    host: config.HOST,
    adminToken: config.ADMIN_TOKEN,
    logLevel: config.LOG_LEVEL,
    schedulerIntervalMs: config.SCHEDULER_INTERVAL_MS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  }
}
