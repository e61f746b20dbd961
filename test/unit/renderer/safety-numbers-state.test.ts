import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import type { Contact, ContactId } from '../../../src/shared/contacts'
import type { IdentityPublicKey } from '../../../src/shared/identity-key'
import type { RoomCode } from '../../../src/shared/room-code'
import { loadIdentityKey, type KeyPairLike } from '../../../src/renderer/src/call/identity-key'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'
import type { LocalIdentity } from '../../../src/renderer/src/call/safety-exchange'
import { SafetyNumbersState } from '../../../src/renderer/src/state/safety-numbers.svelte'
import { connectDataChannels, FakeDataChannel } from '../../support/fake-data-channel'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
const [MINE, THEIRS, OTHER] = [fp('AA'), fp('BB'), fp('CC')]
const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:${fingerprint}\r\n`

function statsOf(local: CertificateFingerprint, remote: CertificateFingerprint | null) {
  const stats: StatsLike[] = remote
    ? [
        { id: 'T', type: 'transport', timestamp: 1, localCertificateId: 'L', remoteCertificateId: 'R' },
        { id: 'L', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: local.slice(8) },
        { id: 'R', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: remote.slice(8) },
      ]
    : [{ id: 'T', type: 'transport', timestamp: 1 }]
  return { forEach: (callback: (stat: StatsLike) => void) => stats.forEach(callback) }
}

async function newIdentity(): Promise<LocalIdentity> {
  let kept: KeyPairLike | null = null
  return loadIdentityKey({ load: async () => kept, save: async (pair) => void (kept = pair) })
}

interface SideOptions {
  local: CertificateFingerprint
  /** What DTLS reports as the other side's certificate, read after read (null: not yet). */
  remoteSeen: Array<CertificateFingerprint | null>
  announced: CertificateFingerprint
  contact?: Contact | null
  identity?: LocalIdentity | null
  checkTimeoutMs?: number
}

/** One app's safety numbers, on a channel the test connects. */
function side(options: SideOptions) {
  const marked: Array<[ContactId, CertificateFingerprint, IdentityPublicKey | null]> = []
  const errors: unknown[] = []
  let contact = options.contact ?? null
  const safety = new SafetyNumbersState({
    getStats: () => Promise.resolve(statsOf(options.local, options.remoteSeen.length > 1 ? options.remoteSeen.shift()! : options.remoteSeen[0]!)),
    getDescriptions: () => ({ local: sdp(options.local), remote: sdp(options.announced) }),
    contact: () => contact,
    markVerified: async (id, fingerprint, identityKey) => {
      marked.push([id, fingerprint, identityKey])
      contact = { ...contact!, verifiedFingerprint: fingerprint, ...(identityKey ? { verifiedIdentityKey: identityKey } : {}) }
      return contact
    },
    identity: () => options.identity ?? null,
    onError: (error) => errors.push(error),
    wait: () => Promise.resolve(),
    ...(options.checkTimeoutMs !== undefined ? { checkTimeoutMs: options.checkTimeoutMs } : {}),
  })
  const channel = new FakeDataChannel('safety', { negotiated: true, id: 2 })
  safety.attach(channel)
  return { safety, marked, errors, channel, contact: () => contact }
}

/** Me (with `mine`) and them, connected: both read their numbers. */
async function call(mine: Partial<SideOptions>, theirs: Partial<SideOptions> = {}) {
  const me = side({ local: MINE, remoteSeen: [THEIRS], announced: THEIRS, ...mine })
  const them = side({ local: THEIRS, remoteSeen: [MINE], announced: MINE, ...theirs })
  connectDataChannels(me.channel, them.channel)
  await Promise.all([me.safety.read(), them.safety.read()])
  return { me, them }
}

const minji: Contact = { id: 'abcdefghij01' as ContactId, name: 'Minji', code: '7kd93qfxz5ab' as RoomCode, createdAt: 1, updatedAt: 1 }

describe('SafetyNumbersState', () => {
  it('waits for the handshake and the check, then both sides show the same numbers', async () => {
    const { me, them } = await call({ contact: minji, remoteSeen: [null, null, THEIRS] })
    expect(me.safety.reading).toMatchObject({ status: 'ready', remote: THEIRS })
    expect(me.safety.reading).toEqual({ ...them.safety.reading, remote: THEIRS })
    expect(me.safety.verification?.kind).toBe('unverified')
  })

  it('shows "comparing", never numbers, until the other side has revealed its nonce', async () => {
    const me = side({ local: MINE, remoteSeen: [THEIRS], announced: THEIRS })
    const reading = me.safety.read()
    await expect.poll(() => me.safety.reading).toEqual({ status: 'comparing' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(me.safety.reading).toEqual({ status: 'comparing' })
    me.safety.reset()
    await reading
  })

  it('warns, never numbers, when the channel never opens in time', async () => {
    const me = side({ local: MINE, remoteSeen: [THEIRS], announced: THEIRS, checkTimeoutMs: 30 })
    await me.safety.read()
    expect(me.safety.reading).toEqual({ status: 'failed', reason: 'timeout' })
    expect(me.safety.verification).toBeNull()
  })

  it('warns, never numbers, when the other end answers for another certificate (a relay)', async () => {
    // DTLS says the other side is OTHER, but the frames come from an app whose certificate is THEIRS.
    const { me } = await call({ remoteSeen: [OTHER], announced: OTHER })
    expect(me.safety.reading).toEqual({ status: 'failed', reason: 'mismatch' })
  })

  it('"Mark as verified" stores the certificate in use and the identity key that signed it', async () => {
    const theirKey = await newIdentity()
    const { me } = await call({ contact: minji }, { identity: theirKey })
    await me.safety.markVerified()
    expect(me.marked).toEqual([[minji.id, THEIRS, theirKey.publicKey]])
  })

  it('stays verified when their certificate was renewed but the same identity key signed the new one', async () => {
    const theirKey = await newIdentity()
    const contact = { ...minji, verifiedFingerprint: OTHER, verifiedIdentityKey: theirKey.publicKey }
    const { me } = await call({ contact }, { identity: theirKey })
    expect(me.safety.verification?.kind).toBe('verified')
  })

  it('shows changed when another identity key signs, even for the certificate that was marked', async () => {
    const contact = { ...minji, verifiedFingerprint: THEIRS, verifiedIdentityKey: (await newIdentity()).publicKey }
    const { me } = await call({ contact }, { identity: await newIdentity() })
    expect(me.safety.verification?.kind).toBe('changed')
  })

  it('upgrades an old mark (certificate only) to the identity key once the certificate matches', async () => {
    const theirKey = await newIdentity()
    const { me } = await call({ contact: { ...minji, verifiedFingerprint: THEIRS } }, { identity: theirKey })
    expect(me.safety.verification?.kind).toBe('verified')
    expect(me.marked).toEqual([[minji.id, THEIRS, theirKey.publicKey]])
    expect(me.contact()?.verifiedIdentityKey).toBe(theirKey.publicKey)
  })

  it('shows changed for an old mark with another certificate, and upgrades nothing', async () => {
    const { me } = await call({ contact: { ...minji, verifiedFingerprint: OTHER } }, { identity: await newIdentity() })
    expect(me.safety.verification?.kind).toBe('changed')
    expect(me.marked).toEqual([])
  })

  it('offers nothing to mark in a call by room code', async () => {
    const { me } = await call({ contact: null })
    await me.safety.markVerified()
    expect(me.safety.verification?.kind).toBe('not-a-contact')
    expect(me.marked).toEqual([])
    expect(me.errors).toEqual([])
  })

  it('shows a mismatch, never numbers, when the certificate in use is not the one announced', async () => {
    const me = side({ local: MINE, remoteSeen: [THEIRS], announced: OTHER, contact: minji })
    await me.safety.read()
    expect(me.safety.reading).toEqual({ status: 'mismatch' })
    expect(me.safety.verification).toBeNull()
  })
})
