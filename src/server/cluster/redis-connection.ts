/**
 * The two Redis connections of a cluster process: one for commands and one that only listens on the process's
 * channel (a connection that subscribes can do nothing else). Commands fail fast instead of queueing while Redis
 * is away, since a frame must not wait minutes for an answer; the connections keep reconnecting meanwhile.
 */
import { Redis } from 'ioredis'
import type { Logger } from '../log'
import { SCRIPTS } from './redis-scripts'

export interface RedisConnectionOptions {
  url: string
  /** How long one command (and connecting) may take, in ms. */
  commandTimeoutMs: number
  /** Shown in `CLIENT LIST`, so an operator can tell processes apart. */
  name: string
  logger: Logger
}

export interface RedisConnections {
  commands: Redis
  subscriber: Redis
}

/** Connects both; rejects (and stops retrying) when Redis cannot be reached within the command timeout. */
export async function connectRedis(options: RedisConnectionOptions): Promise<RedisConnections> {
  const commands = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    // Keep trying, never faster than every 2 s once it has failed a few times.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  })
  for (const [name, definition] of Object.entries(SCRIPTS)) commands.defineCommand(name, definition)
  const subscriber = commands.duplicate({ connectionName: `${options.name}:events` })
  reportState(commands, 'commands', options.logger)
  reportState(subscriber, 'events', options.logger)
  // connect() only says "Connection is closed."; the socket's own error says why (ECONNREFUSED, WRONGPASS…).
  let cause: Error | undefined
  const remember = (error: Error) => (cause ??= error)
  commands.once('error', remember)
  try {
    await withTimeout(Promise.all([commands.connect(), subscriber.connect()]), options.commandTimeoutMs + 500)
  } catch (error) {
    commands.disconnect()
    subscriber.disconnect()
    throw new Error(`cannot reach Redis: ${(cause ?? (error instanceof Error ? error : new Error(String(error)))).message}`)
  } finally {
    commands.off('error', remember)
  }
  return { commands, subscriber }
}

/** Closes both, politely if Redis answers, at once if not. */
export async function disconnectRedis(connections: RedisConnections, timeoutMs: number): Promise<void> {
  await Promise.all(
    [connections.commands, connections.subscriber].map(async (redis) => {
      try {
        await withTimeout(redis.quit(), timeoutMs)
      } catch {
        redis.disconnect()
      }
    }),
  )
}

/** One line when a connection goes down and one when it is back, not one per retry. */
function reportState(redis: Redis, role: string, logger: Logger): void {
  let down = false
  // Without an 'error' listener ioredis prints every failed attempt to the console itself.
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    logger.warn('redis connection failed', { role, error })
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    logger.info('redis connection is back', { role })
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
