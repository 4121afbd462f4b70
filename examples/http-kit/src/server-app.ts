import type { Logger } from 'pino'
import type { ApiDeps } from '@boxoffice/http'
import type { Telemetry } from './telemetry.js'

/** What `createApp` of either example server takes. */
export interface AppDeps extends ApiDeps {
  /** Structured logs; silent when omitted. */
  readonly logger?: Logger
  /** Largest accepted body (default 16 KiB). */
  readonly bodyLimitBytes?: number
  /** Serves GET /metrics (Prometheus) when given. */
  readonly telemetry?: Telemetry | undefined
}

export interface ListenAddress {
  readonly port: number
  readonly host: string
}

/** A server an example builds: started and stopped by `main.ts` or by a test. */
export interface ServerApp<App> {
  readonly app: App
  /** Listens and answers the base URL (`http://127.0.0.1:3000`). */
  start(address: ListenAddress): Promise<string>
  /** Stops accepting, lets in-flight requests finish, closes the listener. */
  stop(): Promise<void>
}

/** The base URL of a listening server (port 0 resolved to the port actually bound). */
export function serverUrl(address: string | { readonly address: string; readonly port: number } | null): string {
  if (address === null || typeof address === 'string') throw new TypeError('the server is not listening on TCP')
  const host = address.address.includes(':') ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}
