/**
 * The signaling server the app runs itself when none is configured: on 127.0.0.1, preferably on a fixed port
 * so that a browser on this machine can join at a known address (web mode: the server also serves the
 * built renderer). If that port is taken by another Tonghwa, this one uses it rather than starting a second
 * server; if it is taken by something else, any free port will do. No Electron import: tested in Node.
 */
import { startSignalingServer } from '../server'
import type { Logger } from '../server/log'

export const EMBEDDED_SERVER_HOST = '127.0.0.1'
/** The well-known local port: `http://127.0.0.1:47800` is where a browser on this machine finds the app. */
export const EMBEDDED_SERVER_PORT = 47800

export interface EmbeddedServer {
  /** `ws://127.0.0.1:<port>/signal` */
  url: string
  /** `http://127.0.0.1:<port>/`: web mode, for a browser on this machine. */
  httpUrl: string
  port: number
  /** True when another Tonghwa on this machine was already serving and this one only uses it. */
  reused: boolean
  /** Stops the server gracefully; does nothing for a reused one (it belongs to the other app). */
  close(): Promise<void>
}

export interface EmbeddedServerOptions {
  /** The built renderer, served over HTTP. Default: none. */
  staticDir?: string
  /** Default {@link EMBEDDED_SERVER_PORT}. */
  preferredPort?: number
  /** Default the server's JSON-lines logger on stderr. */
  logger?: Logger
  /** How long to wait for the health check of a busy port, in ms. Default 1000. */
  probeTimeoutMs?: number
  /** The server to start; injectable for tests. Default `startSignalingServer`. */
  start?: typeof startSignalingServer
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const { staticDir, logger, start = startSignalingServer } = options
  const preferredPort = options.preferredPort ?? EMBEDDED_SERVER_PORT
  const launch = async (port: number): Promise<EmbeddedServer> => {
    const server = await start({
      host: EMBEDDED_SERVER_HOST,
      port,
      ...(staticDir !== undefined ? { staticDir } : {}),
      ...(logger ? { logger } : {}),
    })
    return { url: server.url, httpUrl: server.httpUrl, port: server.port, reused: false, close: () => server.close() }
  }

  try {
    return await launch(preferredPort)
  } catch (error) {
    const code = errorCode(error)
    // EACCES: on Windows a port inside a range reserved by Hyper-V cannot be bound at all.
    if (code === 'EACCES') return launch(0)
    if (code !== 'EADDRINUSE') throw error
  }
  const httpUrl = `http://${EMBEDDED_SERVER_HOST}:${preferredPort}/`
  if (await answersHealthCheck(httpUrl, options.probeTimeoutMs ?? 1_000)) {
    logger?.info('another Tonghwa is serving on the preferred port; using it', { port: preferredPort })
    return {
      url: `ws://${EMBEDDED_SERVER_HOST}:${preferredPort}/signal`,
      httpUrl,
      port: preferredPort,
      reused: true,
      close: async () => {},
    }
  }
  logger?.warn('the preferred port is taken by something else; using a free port', { port: preferredPort })
  return launch(0)
}

/** True when `GET <httpUrl>healthz` answers 200 with body `ok`: the signature of a Tonghwa server. */
export async function answersHealthCheck(httpUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(new URL('/healthz', httpUrl), { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
    if (!response.ok) return false
    return (await response.text()).trim() === 'ok'
  } catch {
    return false
  }
}

/** The Node error code of `error` or of one of its causes. */
function errorCode(error: unknown): string | undefined {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string') return code
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}
