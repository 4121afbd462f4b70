import { errorSchema } from '../../src/index.ts'

export interface ApiResponse {
  readonly status: number
  readonly headers: Headers
  /** The parsed JSON body; undefined when empty. */
  readonly body: unknown
}

export interface CallOptions {
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as application/json. */
  readonly json?: unknown
  /** Sent as is, with `contentType` when given (no content-type otherwise). */
  readonly raw?: string
  readonly contentType?: string
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<ApiResponse>

/** A thin fetch over the server under test; every reply body must be JSON (or empty). */
export function httpClient(baseUrl: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    let body: Uint8Array | undefined
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = new TextEncoder().encode(JSON.stringify(options.json))
    } else if (options.raw !== undefined) {
      if (options.contentType !== undefined) headers['content-type'] = options.contentType
      // Bytes, not a string: fetch would add `text/plain` to a string body.
      body = new TextEncoder().encode(options.raw)
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) }
  }
}

/** The error a reply carries, checked against the documented error shape. */
export function errorOf(
  response: ApiResponse,
): { readonly type: string; readonly message: string } & Record<string, unknown> {
  return errorSchema.parse(response.body).error
}
