import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import { loadIdentityKey, webSafetyCrypto, type KeyPairLike } from '../../../src/renderer/src/call/identity-key'
import { commitmentFor, identityStatement, SafetyExchange, type ExchangeOutcome, type LocalIdentity } from '../../../src/renderer/src/call/safety-exchange'
import { encodeSafetyFrame, MAX_SAFETY_FRAME_CHARS, parseSafetyFrame, toBase64 } from '../../../src/renderer/src/call/safety-wire'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
const [ALICE, BOB, MALLORY] = [fp('AA'), fp('BB'), fp('CC')]
const crypto = webSafetyCrypto()

async function identity(): Promise<LocalIdentity> {
  let kept: KeyPairLike | null = null
  return loadIdentityKey({ load: async () => kept, save: async (pair) => void (kept = pair) })
}

/** One side of a call: what it sends is kept, and handed to `peer` a task later when there is one. */
function side(id: LocalIdentity | null = null) {
  const sent: string[] = []
  const link: { peer: SafetyExchange | null } = { peer: null }
  const exchange = new SafetyExchange({
    send: (frame) => {
      sent.push(frame)
      setTimeout(() => link.peer?.receive(frame), 0)
      return true
    },
    crypto,
    identity: id,
  })
  return { exchange, sent, link }
}

/** Lets the exchange's chain of promises run (generously: the crypto is slow on a loaded machine). */
const settle = (exchange: SafetyExchange) => Promise.race([exchange.outcome, new Promise((resolve) => setTimeout(resolve, 2_000))])
/** Waits until `sent` holds `count` frames. */
const sentCount = (sent: string[], count: number) => expect.poll(() => sent.length, { timeout: 5_000 }).toBe(count)

/** Alice and Bob, connected directly: every frame one sends arrives at the other, in order. */
async function honestCall(aliceId: LocalIdentity | null, bobId: LocalIdentity | null) {
  const alice = side(aliceId)
  const bob = side(bobId)
  alice.link.peer = bob.exchange
  bob.link.peer = alice.exchange
  alice.exchange.start({ local: ALICE, remote: BOB })
  bob.exchange.start({ local: BOB, remote: ALICE })
  return { alice: await alice.exchange.outcome, bob: await bob.exchange.outcome }
}

function agreed(outcome: ExchangeOutcome) {
  if (outcome.status !== 'agreed') throw new Error(`expected agreement, got ${JSON.stringify(outcome)}`)
  return outcome
}

describe('SafetyExchange between two honest apps', () => {
  it('agrees on both nonces, each side seeing its own as local and the other as remote', async () => {
    const { alice, bob } = await honestCall(null, null)
    const [a, b] = [agreed(alice), agreed(bob)]
    expect(a.local).toEqual(b.remote)
    expect(a.remote).toEqual(b.local)
    expect(a.local.nonce).toHaveLength(32)
    expect(toBase64(a.local.nonce)).not.toBe(toBase64(b.local.nonce))
    expect(a.remoteIdentity).toBeNull()
  })

  it('passes each identity key along when its signature over the certificate in use is valid', async () => {
    const [aliceId, bobId] = [await identity(), await identity()]
    const { alice, bob } = await honestCall(aliceId, bobId)
    expect(agreed(alice).remoteIdentity).toBe(bobId.publicKey)
    expect(agreed(bob).remoteIdentity).toBe(aliceId.publicKey)
  })

  it('reveals nothing before it holds the other side’s commitment', async () => {
    const alice = side()
    alice.exchange.start({ local: ALICE, remote: BOB })
    await sentCount(alice.sent, 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(alice.sent.map((frame) => parseSafetyFrame(frame)?.type)).toEqual(['commit'])
    expect(alice.exchange.progress).toEqual({ commitSent: true, commitReceived: false, revealSent: false, revealReceived: false })
  })

  it('takes in a commitment that arrives before its own start, and answers it once started', async () => {
    const alice = side()
    const bob = side()
    bob.exchange.start({ local: BOB, remote: ALICE })
    await sentCount(bob.sent, 1)
    alice.exchange.receive(bob.sent.shift())
    alice.exchange.start({ local: ALICE, remote: BOB })
    await sentCount(alice.sent, 2)
    expect(alice.sent.map((frame) => parseSafetyFrame(frame)?.type)).toEqual(['commit', 'reveal'])
  })
})

describe('SafetyExchange with a hostile peer', () => {
  /** Alice, started and committed, facing frames the test writes itself. */
  async function aliceFacing(...frames: unknown[]): Promise<{ outcome: ExchangeOutcome | null; sent: string[] }> {
    const alice = side()
    alice.exchange.start({ local: ALICE, remote: BOB })
    for (const frame of frames) alice.exchange.receive(frame)
    await settle(alice.exchange)
    return { outcome: alice.exchange.result, sent: alice.sent }
  }
  const nonce = new Uint8Array(32).fill(7)
  const commitOf = async (fingerprint: CertificateFingerprint) => encodeSafetyFrame({ type: 'commit', commitment: await commitmentFor(crypto, fingerprint, nonce) })
  const reveal = encodeSafetyFrame({ type: 'reveal', nonce, identity: null })

  it('fails as malformed, without throwing, for frames that are not frames', async () => {
    for (const bad of ['', 'not json', '[]', 'null', '{"v":1}', '{"v":2,"type":"commit","commitment":"AAAA"}', new ArrayBuffer(8), 42, null]) {
      expect((await aliceFacing(bad)).outcome).toEqual({ status: 'failed', reason: 'malformed' })
    }
  })

  it('fails as malformed for an oversized frame, whatever it holds', async () => {
    const padded = (await commitOf(BOB)).replace('}', `,"pad":"${'x'.repeat(MAX_SAFETY_FRAME_CHARS)}"}`)
    expect(parseSafetyFrame(padded)).toBeNull()
    expect((await aliceFacing(padded)).outcome).toEqual({ status: 'failed', reason: 'malformed' })
  })

  it('refuses a reveal before a commitment, and sends no reveal of its own', async () => {
    const { outcome, sent } = await aliceFacing(reveal, await commitOf(BOB))
    expect(outcome).toEqual({ status: 'failed', reason: 'malformed' })
    expect(sent.map((frame) => parseSafetyFrame(frame)?.type)).toEqual(['commit'])
  })

  it('refuses a second commitment (a peer trying to change its mind)', async () => {
    expect((await aliceFacing(await commitOf(BOB), await commitOf(BOB))).outcome).toEqual({ status: 'failed', reason: 'malformed' })
  })

  it('fails as mismatch for a reveal that does not open the commitment', async () => {
    const other = encodeSafetyFrame({ type: 'reveal', nonce: new Uint8Array(32).fill(8), identity: null })
    expect((await aliceFacing(await commitOf(BOB), other)).outcome).toEqual({ status: 'failed', reason: 'mismatch' })
  })

  it('fails as mismatch for a commitment made for another certificate (frames relayed from another connection)', async () => {
    expect((await aliceFacing(await commitOf(MALLORY), reveal)).outcome).toEqual({ status: 'failed', reason: 'mismatch' })
  })

  it('agrees when commitment and reveal fit the certificate in use', async () => {
    const { outcome } = await aliceFacing(await commitOf(BOB), reveal)
    expect(outcome).toMatchObject({ status: 'agreed', remote: { fingerprint: BOB, nonce } })
  })

  it('fails as mismatch for an identity whose signature is for another certificate, or by another key', async () => {
    const alice = side()
    alice.exchange.start({ local: ALICE, remote: BOB })
    const theirs = await commitmentFor(crypto, BOB, nonce)
    alice.exchange.receive(encodeSafetyFrame({ type: 'commit', commitment: theirs }))
    await sentCount(alice.sent, 2)
    const ours = parseSafetyFrame(alice.sent[0])
    if (ours?.type !== 'commit') throw new Error('no commitment sent')
    const mallory = await identity()
    const signature = await mallory.sign(identityStatement(MALLORY, theirs, ours.commitment))
    alice.exchange.receive(encodeSafetyFrame({ type: 'reveal', nonce, identity: { key: mallory.publicKey, signature } }))
    expect(await alice.exchange.outcome).toEqual({ status: 'failed', reason: 'mismatch' })

    const bobKey = await identity()
    const stolen = { key: (await identity()).publicKey, signature: await bobKey.sign(identityStatement(BOB, theirs, ours.commitment)) }
    const again = await aliceFacing(encodeSafetyFrame({ type: 'commit', commitment: theirs }), encodeSafetyFrame({ type: 'reveal', nonce, identity: stolen }))
    expect(again.outcome).toEqual({ status: 'failed', reason: 'mismatch' })
  })

  it('fails as malformed when flooded with frames before it started', async () => {
    const alice = side()
    for (let i = 0; i < 3; i++) alice.exchange.receive(await commitOf(BOB))
    expect(await alice.exchange.outcome).toEqual({ status: 'failed', reason: 'malformed' })
  })

  it('keeps its outcome once settled: later frames and timeouts change nothing', async () => {
    const alice = side()
    alice.exchange.start({ local: ALICE, remote: BOB })
    alice.exchange.receive(await commitOf(BOB))
    alice.exchange.receive(reveal)
    await settle(alice.exchange)
    alice.exchange.receive('garbage')
    alice.exchange.fail('timeout')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(alice.exchange.result?.status).toBe('agreed')
  })
})
