import { Readable } from 'node:stream'
import type { NodeHttpHandler, NodeHttpHandlerOptions } from '@smithy/node-http-handler'
import type { HttpHandlerOptions } from '@smithy/types'

type Request = Parameters<NodeHttpHandler['handle']>[0]
type Answer = Awaited<ReturnType<NodeHttpHandler['handle']>>

/**
 * Named as the SDK names its own timeouts, so its standard retry strategy and classifyError both
 * treat it as transient: the call is tried again, within max-retries.
 */
class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/** An answer larger than any AWS sends for these calls: never buffered whole. */
class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLarge'
}

export interface DeadlineOptions {
  /** Real milliseconds one attempt may take, from connecting to the last byte of the answer. */
  readonly deadlineMs: number
  /** The largest answer read; a larger one fails the attempt. */
  readonly maxAnswerBytes: number
  /** When this aborts, every call in flight fails at once with its reason, and no other is sent. */
  readonly stop: () => AbortSignal | undefined
}

/**
 * The HTTP handler of every AWS client of the run: the SDK's own NodeHttpHandler, with a deadline on
 * the whole exchange. NodeHttpHandler's requestTimeout ends when the headers arrive and its socket
 * timeout only notices silence, so an answer whose body keeps trickling, or never ends, would hold a
 * call forever. Here the body is read to its end within the same deadline (then handed to the SDK
 * whole), the connection is cut when the deadline passes, and the attempt fails with a TimeoutError
 * that the SDK retries like its own.
 */
export class DeadlineHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' }
  readonly deadlineMs: number
  // Loaded with the first call, as the AWS clients are (lazy.ts): the step's first chunk stays small.
  private inner: Promise<NodeHttpHandler> | undefined
  private loaded: NodeHttpHandler | undefined

  constructor(
    /** NodeHttpHandler's own timeouts: connection, and headers. */
    readonly timeouts: NodeHttpHandlerOptions,
    private readonly options: DeadlineOptions
  ) {
    this.deadlineMs = options.deadlineMs
  }

  private handler(): Promise<NodeHttpHandler> {
    this.inner ??= import('@smithy/node-http-handler').then(({ NodeHttpHandler }) => {
      this.loaded = new NodeHttpHandler(this.timeouts)
      return this.loaded
    })
    return this.inner
  }

  async handle(request: Request, handlerOptions: HttpHandlerOptions = {}): Promise<Answer> {
    const stop = this.options.stop()
    if (stop?.aborted) throw reasonOf(stop)
    const { deadlineMs, maxAnswerBytes } = this.options
    const controller = new AbortController()
    // Ours when we cut the call; the caller's own abort keeps the SDK's AbortError.
    let ours: Error | undefined
    const cut = (reason: Error): void => {
      ours ??= reason
      controller.abort(reason)
    }
    const timer = setTimeout(() => {
      cut(
        new CallTimeoutError(
          `no complete answer within ${deadlineMs} ms (connection, headers and body)`
        )
      )
    }, deadlineMs)
    const onStop = (): void => {
      if (stop !== undefined) cut(reasonOf(stop))
    }
    const caller = handlerOptions.abortSignal as AbortSignal | undefined
    const onCallerAbort = (): void => {
      controller.abort(caller?.reason)
    }
    stop?.addEventListener('abort', onStop, { once: true })
    caller?.addEventListener('abort', onCallerAbort, { once: true })
    try {
      const inner = await this.handler()
      const { response } = await inner.handle(request, {
        ...handlerOptions,
        abortSignal: controller.signal
      })
      response.body = await readAnswer(response.body, controller.signal, maxAnswerBytes)
      return { response }
    } catch (error) {
      throw ours ?? error
    } finally {
      clearTimeout(timer)
      stop?.removeEventListener('abort', onStop)
      caller?.removeEventListener('abort', onCallerAbort)
    }
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: never): void {
    Object.assign(this.timeouts, { [key]: value })
    this.loaded?.updateHttpClientConfig(key, value)
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.loaded?.httpHandlerConfigs() ?? this.timeouts
  }

  destroy(): void {
    this.loaded?.destroy()
  }
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason))
}

/**
 * The whole body, or an error: the deadline passed, it grew too large, or the connection broke.
 * NodeHttpHandler's body is the response stream; anything else is handed on as it is.
 */
function readAnswer(body: unknown, signal: AbortSignal, maxBytes: number): Promise<unknown> {
  if (!(body instanceof Readable)) return Promise.resolve(body)
  const stream = body
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      signal.removeEventListener('abort', onAbort)
      return true
    }
    const fail = (error: unknown): void => {
      if (!settle()) return
      stream.destroy()
      reject(error instanceof Error ? error : new Error(String(error)))
    }
    const onAbort = (): void => {
      fail(signal.reason)
    }
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) chunks.push(chunk)
      else fail(new AnswerTooLargeError(`the answer exceeded ${maxBytes} bytes`))
    })
    stream.once('end', () => {
      if (settle()) resolve(Buffer.concat(chunks))
    })
    stream.once('error', (error) => {
      fail(signal.aborted ? signal.reason : error)
    })
    stream.once('close', () => {
      fail(
        Object.assign(new Error('the connection closed before the answer was complete'), {
          code: 'ECONNRESET'
        })
      )
    })
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) onAbort()
  })
}
