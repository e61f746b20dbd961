/**
 * deploy/turnserver.conf, the production coturn configuration, run by the real coturn: it accepts the signaling
 * server's TURN REST credentials and refuses to relay towards loopback, private, carrier-grade NAT, link-local
 * and cloud metadata addresses. Only what cannot run here is changed: no TLS (no certificate), loopback
 * listening and relay addresses, a free port, the test's secret, files in a private directory.
 *
 * A permission is a table entry on the TURN server, so asking for one towards 169.254.169.254 sends nothing
 * anywhere: all traffic stays on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { turnRestCredential } from '../../src/server/turn-credentials'
import { startCoturn, type RunningCoturn } from '../support/coturn'
import { describeFailure, TurnClient } from '../support/turn-client'

const SECRET = randomBytes(24).toString('base64url')
const PRODUCTION = readFileSync(new URL('../../deploy/turnserver.conf', import.meta.url), 'utf8')

/** The production file, with only what cannot run in a test replaced. */
function testable(port: number, dir: string): string {
  const kept = PRODUCTION.split('\n').filter((line) => !/^(listening-port|tls-listening-port|cert|pkey|static-auth-secret|pidfile)=/.test(line))
  return [
    ...kept,
    `listening-port=${port}`,
    `static-auth-secret=${SECRET}`,
    'no-tls',
    'listening-ip=127.0.0.1',
    'relay-ip=127.0.0.1',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
    '',
  ].join('\n')
}

let coturn: RunningCoturn
let turn: TurnClient

beforeAll(async () => {
  coturn = await startCoturn({ secret: SECRET, config: testable })
  turn = await TurnClient.open({ address: coturn.host, port: coturn.port })
  const { username, credential } = turnRestCredential(SECRET, 'k3v0q9d2m1ab', Math.floor(Date.now() / 1000) + 600)
  const allocated = await turn.allocate({ username, password: credential })
  if (!allocated.ok) throw new Error(`the production configuration refused a valid credential: ${describeFailure(allocated)}\n${coturn.output()}`)
})
afterAll(async () => {
  await turn?.close()
  await coturn?.stop()
})

describe('deploy/turnserver.conf', () => {
  it('sets no loopback relaying, TCP relay, CLI or DTLS', () => {
    const settings = new Set(PRODUCTION.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')))
    for (const line of ['use-auth-secret', 'no-cli', 'no-tcp-relay', 'no-dtls', 'no-multicast-peers', 'no-tlsv1', 'no-tlsv1_1']) expect(settings).toContain(line)
    expect([...settings].some((line) => line.startsWith('allow-loopback-peers'))).toBe(false)
    expect([...settings].filter((line) => /^(user-quota|total-quota|max-bps)=\d+$/.test(line))).toHaveLength(3)
  })

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, elsewhere in 127/8', '127.1.2.3'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.20.0.1'],
    ['private 192.168/16', '192.168.1.1'],
    ['carrier-grade NAT (and Alibaba metadata)', '100.100.100.200'],
    ['link-local', '169.254.1.1'],
    ['the cloud metadata service', '169.254.169.254'],
    ['Oracle cloud metadata', '192.0.0.192'],
    ['"this" network', '0.0.0.1'],
  ])('refuses to relay to %s (%s) with 403', async (_name, address) => {
    const result = await turn.createPermission({ address, port: 80 })
    expect(result).toMatchObject({ ok: false, code: 403 })
  })

  it('allows relaying to a public address', async () => {
    expect(await turn.createPermission({ address: '93.184.215.14', port: 50_000 })).toEqual({ ok: true })
  })
})

describe('rotating the TURN secret (docs/deployment.md)', () => {
  it('works because coturn accepts credentials signed with any of several static-auth-secret lines', async () => {
    const previous = randomBytes(24).toString('base64url')
    const rotating = await startCoturn({ secret: SECRET, config: (port, dir) => `${testable(port, dir)}static-auth-secret=${previous}\n` })
    try {
      const expiry = Math.floor(Date.now() / 1000) + 600
      for (const [secret, accepted] of [[SECRET, true], [previous, true], ['never-configured', false]] as const) {
        const client = await TurnClient.open({ address: rotating.host, port: rotating.port })
        const { username, credential } = turnRestCredential(secret, 'k3v0q9d2m1ab', expiry)
        expect((await client.allocate({ username, password: credential })).ok).toBe(accepted)
        await client.close()
      }
    } finally {
      await rotating.stop()
    }
  })
})
