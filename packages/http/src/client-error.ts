import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { headersTooLarge, malformedRequest } from './api-error.js'
import { toErrorReply } from './error-reply.js'

/**
 * Node's HTTP parser refuses some requests before any framework sees them
 * (headers past `maxHeaderSize`, bytes that are not HTTP). Both servers answer
 * those here, in the API's error shape, instead of Node's bare status line:
 * 431 HeadersTooLarge, or 400 MalformedRequest. A connection already reset,
 * or one that timed out, is simply closed.
 *
 * @example
 * ```ts
 * server.on('clientError', answerClientError)
 * ```
 */
export function answerClientError(error: Error & { readonly code?: string }, socket: Duplex): void {
  if (socket.destroyed) return
  if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy()
    return
  }
  const failure =
    error.code === 'HPE_HEADER_OVERFLOW' ? headersTooLarge() : malformedRequest('the request is not valid HTTP')
  const answer = toErrorReply(failure)
  const body = JSON.stringify(answer.body)
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  )
}
