/**
 * A real coturn (`turnserver` from the Debian package) on 127.0.0.1 for tests, configured the way
 * deploy/turnserver.conf is in the ways that matter here (TURN REST API credentials with a shared secret, a
 * realm, no CLI), and unlike production in one: it relays to loopback peers, because in a test both ends of a
 * call are on 127.0.0.1. Never copy `--allow-loopback-peers` into production: there, loopback is denied so
 * that nobody can reach services on the TURN host through it.
 *
 *   const coturn = await startCoturn({ secret })
 *   afterAll(() => coturn.stop())
 *   await startSignalingServer({ turnUrls: [coturn.url], turnSecret: secret, … })
 *
 * Works from vitest and from Playwright (plain Node, no test-runner imports).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, waitUntilReady } from './child-process'
import { freePort } from './free-port'
import { TurnClient } from './turn-client'

export interface CoturnOptions {
  /** The `static-auth-secret` shared with the signaling server (`turnSecret`). */
  secret: string
  /** Default `tonghwa.test`. */
  realm?: string
  /**
   * Run from this configuration file instead of the test flags (to check a production configuration): given
   * the free port and a private directory, returns the file's text, which must set the port, the secret, a
   * loopback listening and relay address, a pid file and a user database in that directory.
   */
  config?: (port: number, dir: string) => string
  /** Listen on this port (e.g. to restart a relay where clients expect it); default: a free one. */
  port?: number
}

export interface RunningCoturn {
  /** `turn:127.0.0.1:<port>?transport=udp`, for the signaling server's `turnUrls`. */
  url: string
  /** The same port over TCP: `turn:127.0.0.1:<port>?transport=tcp`. */
  tcpUrl: string
  /** `stun:127.0.0.1:<port>`. */
  stunUrl: string
  host: '127.0.0.1'
  port: number
  realm: string
  /** The last lines coturn logged, for failure messages. */
  output(): string
  /** Stops it (SIGTERM, then SIGKILL) and removes its files. Safe to call twice. */
  stop(): Promise<void>
}

const TURNSERVER = process.env.TURNSERVER_PATH ?? 'turnserver'

export async function startCoturn(options: CoturnOptions): Promise<RunningCoturn> {
  const realm = options.realm ?? 'tonghwa.test'
  let lastError: unknown
  // A port found free can be taken before coturn binds it; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort({ udp: true }))
    const dir = mkdtempSync(join(tmpdir(), 'tonghwa-coturn-'))
    const configFile = join(dir, 'turnserver.conf')
    if (options.config !== undefined) writeFileSync(configFile, options.config(port, dir))
    const args =
      options.config !== undefined
        ? ['-c', configFile]
        : [
            '-n', // no configuration file: everything is on this command line
            `--listening-port=${port}`,
            '--listening-ip=127.0.0.1',
            '--relay-ip=127.0.0.1',
            '--use-auth-secret',
            `--static-auth-secret=${options.secret}`,
            `--realm=${realm}`,
            '--no-cli',
            '--no-tls',
            '--no-dtls',
            '--log-file=stdout',
            '--simple-log',
            // Test only: both ends of a test call are on loopback (see the file comment).
            '--allow-loopback-peers',
            '--no-multicast-peers',
            `--pidfile=${join(dir, 'turnserver.pid')}`,
            `--userdb=${join(dir, 'turndb')}`,
          ]
    const coturn = startProcess(TURNSERVER, args, { installHint: 'apt-get install coturn (.ci/run installs it)' })
    const cleanUp = async () => {
      await coturn.stop()
      rmSync(dir, { recursive: true, force: true })
    }
    try {
      await waitUntilReady(coturn, 'turnserver', () => answersBinding(port))
    } catch (error) {
      lastError = error
      await cleanUp()
      if (String(error).includes('is not installed')) break
      continue
    }
    return {
      url: `turn:127.0.0.1:${port}?transport=udp`,
      tcpUrl: `turn:127.0.0.1:${port}?transport=tcp`,
      stunUrl: `stun:127.0.0.1:${port}`,
      host: '127.0.0.1',
      port,
      realm,
      output: () => coturn.output(),
      stop: cleanUp,
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError))
}

/** True once coturn answers a STUN Binding request on `port`. */
async function answersBinding(port: number): Promise<boolean> {
  const client = await TurnClient.open({ address: '127.0.0.1', port })
  try {
    await client.binding(300)
    return true
  } catch {
    return false
  } finally {
    await client.close()
  }
}
