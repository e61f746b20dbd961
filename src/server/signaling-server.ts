/**
 * The signaling server: one HTTP server (health check, optional web-mode files) that upgrades to WebSocket on
 * one path. Used standalone by cli.ts and embedded by the Electron main process.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { PeerId } from '../shared/protocol'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { ClientConnection, type SignalingContext } from './connection'
import { Heartbeat } from './heartbeat'
import { createHttpHandler } from './http-handler'
import { resolveOptions, type SignalingServerOptions } from './options'
import { RoomRegistry } from './rooms'
import { SignalingSocket } from './signaling-socket'
import { Switchboard } from './switchboard'

export interface RunningSignalingServer {
  /** WebSocket URL clients connect to, e.g. `ws://127.0.0.1:4780/signal`. */
  url: string
  /** Base HTTP URL, e.g. `http://127.0.0.1:4780/` (web mode and `/healthz`). */
  httpUrl: string
  /** The port actually bound (useful with `port: 0`). */
  port: number
  /** Stops accepting, closes every client with 1001, and resolves once the port is free. Safe to call twice. */
  close(): Promise<void>
  /** Open connections, rooms with someone in them, connections reachable on a personal code, calls ringing. */
  stats(): { connections: number; rooms: number; registered: number; ringing: number }
}

/** WebSocket close code for "going away": the server is shutting down. */
const GOING_AWAY = 1001

export async function startSignalingServer(options: Partial<SignalingServerOptions> = {}): Promise<RunningSignalingServer> {
  const settings = resolveOptions(options)
  const { logger } = settings
  const context: SignalingContext = {
    rooms: new RoomRegistry({ maxPeersPerRoom: settings.maxPeersPerRoom }),
    members: new Map<PeerId, WebSocket>(),
    iceServers: settings.iceServers,
    switchboard: new Switchboard({
      maxPendingInvitesPerConnection: settings.maxPendingInvitesPerConnection,
      inviteTtlMs: settings.inviteTtlMs,
      codeBindingTtlMs: settings.codeBindingTtlMs,
      maxCodeBindings: settings.maxCodeBindings,
      logger,
    }),
    logger,
  }
  // Compression is off: signaling frames are small, and permessage-deflate is a known memory and CPU sink.
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload, perMessageDeflate: false, WebSocket: SignalingSocket })
  const heartbeat = new Heartbeat(settings.heartbeatIntervalMs, () => logger.info('peer stopped answering pings'))
  const http = createServer(createHttpHandler({ staticDir: settings.staticDir, logger }))
  let closing: Promise<void> | undefined

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Errors on a socket we are about to reject would otherwise be unhandled.
    socket.on('error', () => {})
    const refusal =
      (request.url ?? '').split('?', 1)[0] !== settings.path ? '404 Not Found' : closing !== undefined ? '503 Service Unavailable' : undefined
    if (refusal !== undefined) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy())
      return
    }
    wss.handleUpgrade(request, socket, head, (client) => {
      heartbeat.track(client)
      // Not kept anywhere: the connection lives exactly as long as the socket's listeners.
      new ClientConnection(client, context)
    })
  })

  try {
    await new Promise<void>((resolvePromise, reject) => {
      http.once('error', reject)
      http.listen(settings.port, settings.host, () => {
        http.off('error', reject)
        resolvePromise()
      })
    })
  } catch (error) {
    // EADDRINUSE and friends reach the caller as they are (the embedder checks `code`); nothing may keep running.
    heartbeat.stop()
    throw error
  }
  http.on('error', (error) => logger.error('http server error', { error }))

  const port = (http.address() as AddressInfo).port
  const authority = `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`

  async function shutDown(): Promise<void> {
    heartbeat.stop()
    context.switchboard.stop()
    const closed = new Promise<void>((resolvePromise) => http.close(() => resolvePromise()))
    for (const client of wss.clients) client.close(GOING_AWAY, SignalingErrorCode.ServerShuttingDown)
    // Give clients a moment to answer the close frame and downloads a moment to finish, then cut them off.
    const grace = setTimeout(() => {
      for (const client of wss.clients) client.terminate()
      http.closeAllConnections()
    }, settings.shutdownGraceMs)
    await closed
    clearTimeout(grace)
    wss.close()
    logger.info('signaling server closed')
  }

  return {
    url: `ws://${authority}${settings.path}`,
    httpUrl: `http://${authority}/`,
    port,
    close: () => (closing ??= shutDown()),
    stats: () => ({
      connections: wss.clients.size,
      rooms: context.rooms.roomCount,
      registered: context.switchboard.registeredCount,
      ringing: context.switchboard.ringingCount,
    }),
  }
}
