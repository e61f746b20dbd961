/** The embedded server's answer to the app's challenge, on a real server and real sockets. */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, instanceProof } from '../../../src/server/instance-proof'
import { resolveOptions } from '../../../src/server/options'
import { requestUpgrade } from '../../support/raw-ws'

const secret = randomBytes(32).toString('hex')
let server: RunningSignalingServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('instance proof', () => {
  it('answers a challenge with HMAC-SHA256 over the nonce and the address and port it listens on', async () => {
    server = await startSignalingServer({ logger: silentLogger, shutdownGraceMs: 50, instanceSecret: secret })
    const nonce = randomBytes(32).toString('hex')
    const answer = await requestUpgrade(server.url, { headers: { [INSTANCE_CHALLENGE_HEADER]: nonce } })
    expect(answer.status).toBe(101)
    expect(answer.headers[INSTANCE_PROOF_HEADER]).toBe(instanceProof(secret, { address: '127.0.0.1', port: server.port }, nonce))
    // The secret itself is nowhere in the answer.
    expect(JSON.stringify(answer)).not.toContain(secret)
  })

  it('adds nothing without a well-formed challenge, or when the server has no secret', async () => {
    server = await startSignalingServer({ logger: silentLogger, shutdownGraceMs: 50, instanceSecret: secret })
    const challenges: Array<Record<string, string>> = [{}, { [INSTANCE_CHALLENGE_HEADER]: 'short' }, { [INSTANCE_CHALLENGE_HEADER]: 'A'.repeat(64) }]
    for (const headers of challenges) {
      const answer = await requestUpgrade(server.url, { headers })
      expect(answer.status).toBe(101)
      expect(answer.headers).not.toHaveProperty(INSTANCE_PROOF_HEADER)
    }
    await server.close()
    server = await startSignalingServer({ logger: silentLogger, shutdownGraceMs: 50 })
    const answer = await requestUpgrade(server.url, { headers: { [INSTANCE_CHALLENGE_HEADER]: randomBytes(32).toString('hex') } })
    expect(answer.headers).not.toHaveProperty(INSTANCE_PROOF_HEADER)
  })

  it('refuses an instanceSecret that is not 32 bytes of hex, without quoting it', () => {
    expect(() => resolveOptions({ instanceSecret: 'hunter2' })).toThrow(/^instanceSecret must be 64 lowercase hex digits \(32 bytes\)$/)
  })
})
