import { webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import { isIdentityPublicKey } from '../../../src/shared/identity-key'
import { loadIdentityKey, newIdentityKey, webSafetyCrypto, type KeyPairLike } from '../../../src/renderer/src/call/identity-key'
import { identityStatement } from '../../../src/renderer/src/call/safety-exchange'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint

function memoryStorage() {
  const saved: KeyPairLike[] = []
  return { saved, storage: { load: async () => saved.at(-1) ?? null, save: async (pair: KeyPairLike) => void saved.push(pair) } }
}

describe('the identity key', () => {
  it('is made once, saved, and its private half cannot be read', async () => {
    const { saved, storage } = memoryStorage()
    const first = await loadIdentityKey(storage)
    expect(isIdentityPublicKey(first.publicKey)).toBe(true)
    expect(saved).toHaveLength(1)
    expect((saved[0]!.privateKey as webcrypto.CryptoKey).extractable).toBe(false)
    await expect(webcrypto.subtle.exportKey('pkcs8', saved[0]!.privateKey as webcrypto.CryptoKey)).rejects.toThrow()
    expect((await loadIdentityKey(storage)).publicKey).toBe(first.publicKey)
    expect(saved).toHaveLength(1)
  })

  it('is replaced by "New safety key"', async () => {
    const { storage } = memoryStorage()
    const first = await loadIdentityKey(storage)
    const second = await newIdentityKey(storage)
    expect(second.publicKey).not.toBe(first.publicKey)
    expect((await loadIdentityKey(storage)).publicKey).toBe(second.publicKey)
  })

  it('signs statements that verify with its public key only, and only unchanged', async () => {
    const check = webSafetyCrypto()
    const signer = await loadIdentityKey(memoryStorage().storage)
    const other = await loadIdentityKey(memoryStorage().storage)
    const [c1, c2] = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)]
    const statement = identityStatement(fp('AB'), c1, c2)
    const signature = await signer.sign(statement)
    expect(await check.verify(signer.publicKey, signature, statement)).toBe(true)
    expect(await check.verify(other.publicKey, signature, statement)).toBe(false)
    expect(await check.verify(signer.publicKey, signature, identityStatement(fp('CD'), c1, c2))).toBe(false)
    expect(await check.verify(signer.publicKey, signature, identityStatement(fp('AB'), c2, c1))).toBe(false)
  })

  it('answers false, never throws, for a key of the right form that is no point on the curve', async () => {
    const notAPoint = `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${'A'.repeat(85)}A==`
    expect(isIdentityPublicKey(notAPoint)).toBe(true)
    const statement = identityStatement(fp('AB'), new Uint8Array(32), new Uint8Array(32))
    expect(await webSafetyCrypto().verify(notAPoint as never, new Uint8Array(64), statement)).toBe(false)
  })
})
