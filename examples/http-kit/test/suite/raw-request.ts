import { request } from 'node:http'
import type { ApiResponse } from './http-client.ts'

export interface RawRequest {
  readonly method: string
  /** Sent byte for byte: no normalising of percent-escapes, no length check. */
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  /** Sent with an exact Content-Length, whatever the method (fetch refuses a GET with a body). */
  readonly body?: Uint8Array
}

/**
 * One request on a fresh connection, written as given: what fetch will not
 * send (a GET with a body, an invalid escape in the path, a header past the
 * server's limit). The reply body is parsed as JSON; undefined when empty.
 */
export function rawRequest(baseUrl: string, raw: RawRequest): Promise<ApiResponse> {
  const url = new URL(baseUrl)
  const headers: Record<string, string> = { ...raw.headers }
  if (raw.body !== undefined) headers['content-length'] = String(raw.body.byteLength)
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const replyHeaders = new Headers()
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') replyHeaders.set(name, value)
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: replyHeaders,
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
          })
        })
      },
    )
    sent.on('error', reject)
    sent.end(raw.body === undefined ? undefined : Buffer.from(raw.body))
  })
}
