/**
 * The signaling server the app runs itself when none is configured: on 127.0.0.1, preferably on a fixed port
 * so that a browser on this machine can join at a known address (web mode: the server also serves the
 * built renderer). The port may already be held: by this user's Tonghwa (then this one uses it rather than
 * starting a second server), or by anything else, another user's Tonghwa included, which must never hear this
 * user's personal secret. So the holder must prove it was started with this user's secret (an HMAC over a fresh
 * nonce, server-trust/instance-check.ts; the secret itself never crosses the socket), and every connection the
 * app then makes to it proves it again. Otherwise the app starts its own server on a free port.
 * No Electron import: tested in Node.
 */
import { startSignalingServer, type RunningSignalingServer } from '../server'
import type { Logger } from '../server/log'
import { provesInstance } from './server-trust/instance-check'
import { loadInstanceSecret } from './server-trust/instance-secret'

export const EMBEDDED_SERVER_HOST = '127.0.0.1'
/** The well-known local port: `http://127.0.0.1:47800` is where a browser on this machine finds the app. */
export const EMBEDDED_SERVER_PORT = 47800

export interface EmbeddedServer {
  /** `ws://127.0.0.1:<port>/signal` */
  url: string
  /** `http://127.0.0.1:<port>/`: web mode, for a browser on this machine. */
  httpUrl: string
  port: number
  /** True when this user's Tonghwa was already serving on the preferred port and this one only uses it. */
  reused: boolean
  /** What every signaling client of the app must be created with (`createSignalingClient(url, connection)`). */
  connection: { instanceSecret: string }
  /** The server itself, for the local network (docs/lan.md); absent when reused (it belongs to the other app). */
  server?: RunningSignalingServer
  /** Stops the server gracefully; does nothing for a reused one (it belongs to the other app). */
  close(): Promise<void>
}

export interface EmbeddedServerOptions {
  /** `app.getPath('userData')`: where this user's instance secret is kept (server-trust/instance-secret.ts). */
  userDataDir: string
  /** The built renderer, served over HTTP. Default: none. */
  staticDir?: string
  /** Default {@link EMBEDDED_SERVER_PORT}. */
  preferredPort?: number
  /** Default the server's JSON-lines logger on stderr. */
  logger?: Logger
  /** How long to wait for the proof of whoever holds the preferred port, in ms. Default 1000. */
  probeTimeoutMs?: number
  /** The server to start; injectable for tests. Default `startSignalingServer`. */
  start?: typeof startSignalingServer
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const { staticDir, logger, start = startSignalingServer } = options
  const preferredPort = options.preferredPort ?? EMBEDDED_SERVER_PORT
  const instanceSecret = await loadInstanceSecret(options.userDataDir, logger ? { log: (message) => logger.warn(message) } : {})
  const connection = { instanceSecret }
  const launch = async (port: number): Promise<EmbeddedServer> => {
    const server = await start({
      host: EMBEDDED_SERVER_HOST,
      port,
      instanceSecret,
      ...(staticDir !== undefined ? { staticDir } : {}),
      ...(logger ? { logger } : {}),
    })
    return { url: server.url, httpUrl: server.httpUrl, port: server.port, reused: false, connection, server, close: () => server.close() }
  }

  try {
    return await launch(preferredPort)
  } catch (error) {
    const code = errorCode(error)
    // EACCES: on Windows a port inside a range reserved by Hyper-V cannot be bound at all.
    if (code === 'EACCES') return launch(0)
    if (code !== 'EADDRINUSE') throw error
  }
  const url = `ws://${EMBEDDED_SERVER_HOST}:${preferredPort}/signal`
  if (await provesInstance(url, instanceSecret, options.probeTimeoutMs ?? 1_000)) {
    logger?.info('this user\'s Tonghwa is serving on the preferred port; using it', { port: preferredPort })
    return { url, httpUrl: `http://${EMBEDDED_SERVER_HOST}:${preferredPort}/`, port: preferredPort, reused: true, connection, close: async () => {} }
  }
  logger?.warn('the preferred port is taken by something that is not this user\'s Tonghwa; using a free port', { port: preferredPort })
  return launch(0)
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
