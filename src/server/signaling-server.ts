/**
 * The signaling server: one HTTP server (health check, optional web-mode files) that upgrades to WebSocket on
 * one path, and, when enabled, a second listener for metrics (metrics-listener.ts). Used standalone by cli.ts
 * and embedded by the Electron main process.
 *
 * Before anything is parsed, every TCP connection passes the socket guard (socket-guard.ts: per-address share,
 * file-descriptor budget); request heads must arrive within `headersTimeoutMs`; every route but `/healthz`
 * answers only to the listener's own `Host` names (host-allowlist.ts).
 *
 * Alone it keeps everything in memory; with `redisUrl` it is one process of a cluster that shares rooms,
 * registrations and calls through Redis (cluster/redis-backplane.ts). Connections do not know the difference.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { PeerId } from '../shared/protocol'
import { SignalingCloseReason, SignalingErrorCode } from '../shared/signaling-errors'
import { AttemptThrottle } from './attempt-throttle'
import type { Backplane } from './cluster/backplane'
import { MemoryBackplane } from './cluster/memory-backplane'
import { RedisBackplane } from './cluster/redis-backplane'
import { ClientConnection, type SignalingContext } from './connection'
import { ResumeTokens } from './resume-tokens'
import { Heartbeat } from './heartbeat'
import { NewCodeBudget } from './new-code-budget'
import { createHttpHandler } from './http-handler'
import { answerInstanceChallenge } from './instance-proof'
import { withFields } from './log'
import { createPrometheusMetrics, noMetrics } from './metrics'
import { resolveOptions, type SignalingServerOptions } from './options'
import { describeServer } from './server-info'
import { SignalingSocket } from './signaling-socket'
import { Switchboard } from './switchboard'
import { createIceServerIssuer } from './turn-credentials'
import { UpgradeGate, writeRefusal } from './upgrade-gate'
import { HostAllowlist } from './host-allowlist'
import { startMetricsListener, type MetricsListener } from './metrics-listener'
import { readOpenFilesLimit } from './open-files-limit'
import { RefusalLog } from './refusal-log'
import { guardSockets, maxSocketsFor } from './socket-guard'
import { LanHosting } from './lan-hosting'
import { startLanListener, type LanListener } from './lan-listener'
import type { RoomCode } from '../shared/room-code'

export interface RunningSignalingServer {
  /** WebSocket URL clients connect to, e.g. `ws://127.0.0.1:4780/signal`. */
  url: string
  /** Base HTTP URL, e.g. `http://127.0.0.1:4780/` (web mode and `/healthz`). */
  httpUrl: string
  /** The port actually bound (useful with `port: 0`). */
  port: number
  /** Where Prometheus scrapes, e.g. `http://127.0.0.1:4790/metrics`, when `metrics` is on. */
  metricsUrl?: string
  /** Stops accepting, closes every client with 1001, and resolves once the port is free. Safe to call twice. */
  close(): Promise<void>
  /**
   * Open connections, rooms with someone in them, connections reachable on a personal code, calls ringing. In a
   * cluster, as seen by this process: rooms with a member here, calls made from here.
   */
  stats(): { connections: number; rooms: number; registered: number; ringing: number; sockets: number }
  /**
   * Opens the local-network listener (lan-listener.ts) and answers `locate` with `salt` (docs/lan.md); resolves
   * with its port. Opening it while open changes nothing. `host` (default `0.0.0.0`) is for tests.
   */
  openLan(options: { salt: string; host?: string; port?: number }): Promise<number>
  /** Closes it and every connection that came through it. */
  closeLan(): Promise<void>
  /** The local-network listener's port while it is open. */
  lanPort(): number | undefined
  /** Whether one of this computer's own connections is in `room`. */
  hasRoom(room: RoomCode): boolean
}

/** WebSocket close code for "going away": the server is shutting down. */
const GOING_AWAY = 1001
/** WebSocket close code for "try again later": this process lost the cluster's shared state. */
const TRY_AGAIN_LATER = 1013
/** How often Node looks for request heads past their deadline (`headersTimeoutMs`), in ms. */
const DEADLINE_CHECK_MS = 250
/** How often per-address records that are over (idle, unblocked) are forgotten, in ms. */
const SWEEP_INTERVAL_MS = 60_000

export async function startSignalingServer(options: Partial<SignalingServerOptions> = {}): Promise<RunningSignalingServer> {
  const settings = resolveOptions(options)
  const backplane: Backplane =
    settings.redisUrl === undefined
      ? new MemoryBackplane({
          maxPeersPerRoom: settings.maxPeersPerRoom,
          codeBindingTtlMs: settings.codeBindingTtlMs,
          maxCodeBindings: settings.maxCodeBindings,
          codeBindingProtectedMs: settings.codeBindingProtectedMs,
        })
      : new RedisBackplane({
          url: settings.redisUrl,
          keyPrefix: settings.redisKeyPrefix,
          keyTtlMs: settings.clusterKeyTtlMs,
          commandTimeoutMs: settings.redisCommandTimeoutMs,
          maxPeersPerRoom: settings.maxPeersPerRoom,
          codeBindingTtlMs: settings.codeBindingTtlMs,
          logger: settings.logger,
        })
  // In a cluster every line says which process wrote it.
  const logger = settings.redisUrl === undefined ? settings.logger : withFields(settings.logger, { node: backplane.node })
  if (settings.redisUrl !== undefined && settings.resumeKey === undefined) {
    logger.warn('no resume key set (TONGHWA_RESUME_KEY): a reconnect that reaches another process gets a fresh peer id, and its call a fresh connection')
  }
  const connections = new Set<ClientConnection>()
  const members = new Map<PeerId, ClientConnection>()
  const switchboard = new Switchboard({
    backplane,
    maxPendingInvitesPerConnection: settings.maxPendingInvitesPerConnection,
    inviteTtlMs: settings.inviteTtlMs,
    logger,
    newCodes: new NewCodeBudget(
      {
        burstPerAddress: settings.newCodeBindingBurstPerAddress,
        perHourPerAddress: settings.newCodeBindingsPerHourPerAddress,
        burst: settings.newCodeBindingBurst,
        perHour: settings.newCodeBindingsPerHour,
        maxAddresses: settings.maxTrackedAddresses,
      },
      performance.now(),
    ),
    pacing: settings,
  })
  const stats = () => ({
    connections: wss.clients.size,
    rooms: backplane.localRoomCount,
    registered: switchboard.registeredCount,
    ringing: switchboard.ringingCount,
    sockets: sockets.sockets,
  })
  const metrics = settings.metrics ? createPrometheusMetrics(stats) : undefined
  /** The local-network listener and what it answers, while the person lets the network reach this app. */
  let lan: { hosting: LanHosting; listener: LanListener } | undefined
  const context: SignalingContext = {
    lan: () => lan?.hosting,
    backplane,
    members,
    resumeTokens: new ResumeTokens(settings.resumeKey),
    issueIceServers: createIceServerIssuer({ ...settings, ttlSeconds: settings.turnCredentialTtlSeconds }),
    switchboard,
    metrics: metrics ?? noMetrics,
    logger,
    maxQueuedFrames: settings.maxQueuedFramesPerConnection,
    limits: settings,
    attempts: new AttemptThrottle({
      windowMs: settings.attemptWindowMs,
      freeFailures: settings.freeFailedAttempts,
      baseDelayMs: settings.failedAttemptDelayMs,
      maxDelayMs: settings.maxFailedAttemptDelayMs,
      blockAfterFailures: settings.blockAfterFailedAttempts,
      blockMs: settings.failedAttemptBlockMs,
      maxKeys: settings.maxTrackedAddresses,
    }),
  }
  const refusals = new RefusalLog(logger, context.metrics)
  const hosts = new HostAllowlist({ listenHost: settings.host, allowedHosts: settings.allowedHosts })
  const openFilesLimit = settings.openFilesLimit ?? readOpenFilesLimit()
  const maxSockets = maxSocketsFor(openFilesLimit, settings.fileDescriptorReserve)
  const gate = new UpgradeGate({ path: settings.path, limits: settings, hosts, refusals })
  await backplane.start({
    receive: (event) => {
      if (event.t === 'peer') return members.get(event.peerId)?.send(event.message)
      if (event.t === 'taken-over') return members.get(event.peerId)?.takenOver(event.peerId, event.address)
      return switchboard.receive(event)
    },
    lapsed: (reason) => {
      logger.error('lost the shared cluster state; closing every connection so that clients rejoin', { reason, connections: connections.size })
      for (const connection of connections) connection.close(TRY_AGAIN_LATER, SignalingCloseReason.Unavailable)
    },
  })
  // Compression is off: signaling frames are small, and permessage-deflate is a known memory and CPU sink.
  // Text frames are checked to be UTF-8 by ws, and only by ws (never skipped: frame-text.ts decodes them
  // without a second check, so the parser would otherwise see replacement characters). `maxPayload` caps a
  // message's bytes however many fragments carry it, `maxFragments` their number.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayload,
    maxFragments: settings.maxFragments,
    skipUTF8Validation: false,
    perMessageDeflate: false,
    WebSocket: SignalingSocket,
  })
  if (settings.instanceSecret !== undefined) wss.on('headers', answerInstanceChallenge(settings.instanceSecret))
  const sweeper = setInterval(() => {
    const now = performance.now()
    gate.sweep(now)
    context.attempts.sweep(now)
    switchboard.sweep(now)
  }, SWEEP_INTERVAL_MS)
  sweeper.unref()
  const heartbeat = new Heartbeat(settings.heartbeatIntervalMs, () => logger.info('peer stopped answering pings'))
  // Node checks these deadlines on a timer (30 s apart by default), so it runs often enough for the deadline to
  // mean what it says, and so that the connections of a flood that expire together are closed a few at a time,
  // not in one long tick that would delay everyone's messages. A request is its head here (GET and HEAD only),
  // so both deadlines are the same.
  const http = createServer(
    { headersTimeout: settings.headersTimeoutMs, requestTimeout: settings.headersTimeoutMs, connectionsCheckingInterval: DEADLINE_CHECK_MS },
    createHttpHandler({
      ...(settings.staticDir !== undefined ? { staticDir: settings.staticDir } : {}),
      logger,
      ...(settings.redisUrl !== undefined ? { healthy: () => backplane.healthy() } : {}),
      hosts,
      refusals,
      info: describeServer(settings),
    }),
  )
  const sockets = guardSockets(http, { maxSockets, maxPendingSocketsPerAddress: settings.maxPendingSocketsPerAddress, trustProxy: settings.trustProxy, openFilesLimit, refusals })
  let closing: Promise<void> | undefined

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Errors on a socket we are about to reject would otherwise be unhandled.
    socket.on('error', () => {})
    const full = sockets.upgrading(socket)
    if (full !== undefined) return writeRefusal(socket, full)
    const decision = gate.decide(request, closing !== undefined, performance.now())
    if (!decision.ok) return writeRefusal(socket, decision)
    // The raw socket closes however the upgrade ends (refused by ws as a bad handshake, or a WebSocket that
    // closes later), so the address's count is given back exactly once.
    socket.once('close', () => gate.release(decision.key))
    accept(request, socket, head, decision.key, false)
  })

  /** Makes an admitted upgrade a connection; `visitor` when it came in through the local-network listener. */
  function accept(request: IncomingMessage, socket: Duplex, head: Buffer, key: string, visitor: boolean): void {
    wss.handleUpgrade(request, socket, head, (client) => {
      heartbeat.track(client)
      const connection = new ClientConnection(client, context, key, { visitor })
      connections.add(connection)
      // Kept until its departure is handled, so shutdown can wait for the rest of the cluster to be told.
      client.once('close', () => void connection.idle().then(() => connections.delete(connection)))
    })
  }

  let lanChange: Promise<void> = Promise.resolve()
  const localRooms = () => [...connections].filter((connection) => !connection.visitor).flatMap((connection) => (connection.room ? [connection.room] : []))

  /** Opens the local-network listener (docs/lan.md); resolves with its port. Opening it again changes nothing. */
  function openLan(lanOptions: { salt: string; host?: string; port?: number }): Promise<number> {
    const opened = lanChange.then(async () => {
      if (lan) return lan.listener.port
      const listener = await startLanListener({
        ...(lanOptions.port !== undefined ? { port: lanOptions.port } : {}),
        ...(lanOptions.host !== undefined ? { host: lanOptions.host } : {}),
        path: settings.path,
        limits: settings,
        headersTimeoutMs: settings.headersTimeoutMs,
        // Half the budget at most: the network can never starve this computer's own app of sockets.
        maxSockets: Number.isFinite(maxSockets) ? Math.floor(maxSockets / 2) : Infinity,
        openFilesLimit,
        refusals,
        logger,
        closing: () => closing !== undefined,
        accept: (request, socket, head, key) => accept(request, socket, head, key, true),
      })
      lan = { hosting: new LanHosting({ salt: lanOptions.salt, rooms: localRooms, registeredCodes: () => switchboard.registeredCodes() }), listener }
      return listener.port
    })
    lanChange = opened.then(() => undefined, () => undefined)
    return opened
  }

  /** Closes the local-network listener and every visitor connection; this computer's own connections stay. */
  function closeLan(): Promise<void> {
    const closed = lanChange.then(async () => {
      const open = lan
      lan = undefined
      if (!open) return
      for (const connection of connections) if (connection.visitor) connection.close(GOING_AWAY, SignalingErrorCode.ServerShuttingDown)
      await open.listener.close()
    })
    lanChange = closed.catch(() => undefined)
    return closed
  }

  let metricsListener: MetricsListener | undefined
  try {
    await new Promise<void>((resolvePromise, reject) => {
      http.once('error', reject)
      http.listen(settings.port, settings.host, () => {
        http.off('error', reject)
        resolvePromise()
      })
    })
    if (metrics !== undefined) {
      metricsListener = await startMetricsListener({
        host: settings.metricsHost,
        port: settings.metricsPort,
        allowedHosts: settings.allowedHosts,
        headersTimeoutMs: settings.headersTimeoutMs,
        render: () => metrics.render(),
        logger,
        refusals,
      })
    }
  } catch (error) {
    // EADDRINUSE and friends reach the caller as they are (the embedder checks `code`); nothing may keep running.
    if (http.listening) await new Promise((resolvePromise) => http.close(resolvePromise))
    clearInterval(sweeper)
    heartbeat.stop()
    switchboard.stop()
    await backplane.stop()
    throw error
  }
  http.on('error', (error) => logger.error('http server error', { error }))
  hosts.listening(http.address() as AddressInfo)
  logger.info('socket budget', {
    openFilesLimit: openFilesLimit ?? null,
    maxSockets: Number.isFinite(maxSockets) ? maxSockets : null,
    ...(openFilesLimit === undefined ? { note: 'the open-files limit cannot be read here; set openFilesLimit (TONGHWA_OPEN_FILES_LIMIT) to budget sockets' } : {}),
  })

  const port = (http.address() as AddressInfo).port
  const authority = `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`

  async function shutDown(): Promise<void> {
    clearInterval(sweeper)
    heartbeat.stop()
    switchboard.stop()
    const closed = new Promise<void>((resolvePromise) => http.close(() => resolvePromise()))
    // The HTTP server does not track upgraded sockets, so their ends are awaited on their own.
    const socketsClosed = Promise.all(
      [...wss.clients].map((client) => new Promise<void>((resolvePromise) => (client.readyState === client.CLOSED ? resolvePromise() : client.once('close', () => resolvePromise())))),
    )
    for (const client of wss.clients) client.close(GOING_AWAY, SignalingErrorCode.ServerShuttingDown)
    // Give clients a moment to answer the close frame and downloads a moment to finish, then cut them off.
    const grace = setTimeout(() => {
      for (const client of wss.clients) client.terminate()
      http.closeAllConnections()
    }, settings.shutdownGraceMs)
    await Promise.all([closed, socketsClosed, metricsListener?.close(), closeLan()])
    clearTimeout(grace)
    wss.close()
    // Every departure is handled (rooms told, registrations withdrawn) before the backplane goes.
    await Promise.all([...connections].map((connection) => connection.idle()))
    await backplane.stop()
    logger.info('signaling server closed')
  }

  return {
    url: `ws://${authority}${settings.path}`,
    httpUrl: `http://${authority}/`,
    port,
    ...(metricsListener !== undefined ? { metricsUrl: metricsListener.url } : {}),
    close: () => (closing ??= shutDown()),
    stats,
    openLan,
    closeLan,
    lanPort: () => lan?.listener.port,
    hasRoom: (room) => localRooms().includes(room),
  }
}
