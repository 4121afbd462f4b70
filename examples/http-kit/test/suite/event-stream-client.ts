import { request, type IncomingMessage } from 'node:http'

/** One message of a Server-Sent Events stream: its `id:` (if any), `event:` (if any) and parsed `data:`. */
export interface StreamMessage {
  readonly id: string | undefined
  readonly event: string | undefined
  readonly data: unknown
}

/** A `GET /events` stream as a test reads it. */
export interface OpenStream {
  readonly status: number
  readonly contentType: string | undefined
  /** Messages with data, in arrival order. */
  readonly messages: StreamMessage[]
  /** Comment lines (`: heartbeat`). */
  readonly comments: string[]
  /** The last id the stream set (as EventSource's `lastEventId`), including bare `id:` lines. */
  lastEventId(): string | undefined
  /** Resolves once `predicate` holds for the messages (checked on every chunk); rejects after `ms`. */
  waitFor(predicate: (messages: readonly StreamMessage[]) => boolean, ms?: number): Promise<void>
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>
  /** The client goes away. */
  close(): void
  /** The body of a refused request (not a stream). */
  readonly body: string
}

/** Opens `GET <url>` and parses the event stream as it arrives (the field rules of the SSE format). */
export function openStream(url: string, headers: Readonly<Record<string, string>> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    // A connection of its own (no keep-alive pool): a stream's socket is never reused.
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } })
    // Kept for the stream's life: closing it from this side is an error of the request too.
    req.on('error', reject)
    req.once('response', (response: IncomingMessage) => {
      const messages: StreamMessage[] = []
      const comments: string[] = []
      const waiters = new Set<() => void>()
      let lastId: string | undefined
      let buffer = ''
      let body = ''
      let resolveEnded: () => void = () => undefined
      const ended = new Promise<void>((done) => {
        resolveEnded = done
      })
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        body += response.statusCode === 200 ? '' : chunk
        buffer += chunk
        let split = buffer.indexOf('\n\n')
        while (split >= 0) {
          const block = buffer.slice(0, split)
          buffer = buffer.slice(split + 2)
          let id: string | undefined
          let event: string | undefined
          const data: string[] = []
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim())
            else if (line.startsWith('id: ')) id = line.slice(4)
            else if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (id !== undefined) lastId = id
          if (data.length > 0) messages.push({ id, event, data: JSON.parse(data.join('\n')) })
          split = buffer.indexOf('\n\n')
        }
        for (const wake of [...waiters]) wake()
      })
      response.once('close', () => {
        resolveEnded()
        for (const wake of [...waiters]) wake()
      })
      resolve({
        status: response.statusCode ?? 0,
        contentType: response.headers['content-type'],
        messages,
        comments,
        lastEventId: () => lastId,
        get body() {
          return body
        },
        ended,
        close: () => req.destroy(),
        waitFor: (predicate, ms = 5_000) =>
          new Promise((done, fail) => {
            const check = (): void => {
              if (!predicate(messages)) return
              clearTimeout(timer)
              waiters.delete(check)
              done()
            }
            const timer = setTimeout(() => {
              waiters.delete(check)
              fail(new Error(`the stream did not get there in ${ms} ms: ${JSON.stringify(messages)}`))
            }, ms)
            waiters.add(check)
            check()
          }),
      })
    })
    req.end()
  })
}
