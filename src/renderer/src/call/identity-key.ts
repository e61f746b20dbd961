/**
 * This installation's identity key: a long-lived ECDSA P-256 key made with `extractable: false`, so the page can
 * sign with it but never read its private half (stored in IndexedDB as the `CryptoKey` itself, by structured
 * clone, next to the DTLS certificate). In each call it signs the certificate in use (safety-exchange.ts), so a
 * contact who verified this app stays verified when the certificate is renewed; only a new identity key
 * (Settings → "New safety key", a reinstall) makes them compare again.
 *
 * Given its storage and `crypto`, so it runs in Node (whose WebCrypto has the same API).
 */
import { isIdentityPublicKey } from '../../../shared/identity-key'
import type { LocalIdentity, SafetyCrypto } from './safety-exchange'
import { fromBase64, NONCE_BYTES, toBase64 } from './safety-wire'

/** A `CryptoKeyPair`: kept as it is, its keys only handed back to WebCrypto. */
export interface KeyPairLike {
  readonly privateKey: unknown
  readonly publicKey: unknown
}

export interface IdentityKeyStorage {
  load(): Promise<KeyPairLike | null>
  save(pair: KeyPairLike): Promise<void>
}

type EcdsaParams = { name: 'ECDSA'; namedCurve: 'P-256' }
type SignatureParams = { name: 'ECDSA'; hash: 'SHA-256' }
/** The parts of WebCrypto used here: the page's `crypto`, or Node's in tests. */
export interface WebCryptoLike {
  readonly subtle: {
    generateKey(algorithm: EcdsaParams, extractable: false, usages: ['sign', 'verify']): Promise<unknown>
    exportKey(format: 'spki', key: never): Promise<ArrayBuffer>
    importKey(format: 'spki', keyData: Uint8Array<ArrayBuffer>, algorithm: EcdsaParams, extractable: false, usages: ['verify']): Promise<unknown>
    sign(algorithm: SignatureParams, key: never, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>
    verify(algorithm: SignatureParams, key: never, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>
    digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>
  }
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>
}

/** A P-256 SubjectPublicKeyInfo: a 27-byte DER header, then the uncompressed point's 64 bytes. */
const P256_SPKI_BYTES = 91
const ALGORITHM: EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256' }
const SIGNATURE: SignatureParams = { name: 'ECDSA', hash: 'SHA-256' }

/** The stored identity key, or a new one, saved before it is used. */
export async function loadIdentityKey(storage: IdentityKeyStorage, crypto: WebCryptoLike = globalThis.crypto): Promise<LocalIdentity> {
  const stored = await storage.load()
  if (stored) {
    const identity = await identityOf(stored, crypto).catch(() => null)
    if (identity) return identity
  }
  return newIdentityKey(storage, crypto)
}

/** A new identity key, saved: every contact who verified this app then sees "changed" until they compare again. */
export async function newIdentityKey(storage: IdentityKeyStorage, crypto: WebCryptoLike = globalThis.crypto): Promise<LocalIdentity> {
  const pair = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as KeyPairLike
  const identity = await identityOf(pair, crypto)
  await storage.save(pair)
  return identity
}

/** A key pair as the safety exchange uses it; throws for a pair that is not a P-256 signing key. */
export async function identityOf(pair: KeyPairLike, crypto: WebCryptoLike = globalThis.crypto): Promise<LocalIdentity> {
  // A public key is always exportable, whatever `extractable` said: only the private half stays sealed.
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey as never)))
  if (!isIdentityPublicKey(publicKey)) throw new TypeError('not a P-256 identity key')
  return {
    publicKey,
    sign: async (data) => new Uint8Array(await crypto.subtle.sign(SIGNATURE, pair.privateKey as never, data)),
  }
}

/** The exchange's crypto from WebCrypto (the browser's, or Node's in tests). */
export function webSafetyCrypto(crypto: WebCryptoLike = globalThis.crypto): SafetyCrypto {
  return {
    sha256: async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data)),
    verify: async (key, signature, data) => {
      try {
        const spki = fromBase64(key, P256_SPKI_BYTES)
        if (!spki) return false
        const publicKey = await crypto.subtle.importKey('spki', spki, ALGORITHM, false, ['verify'])
        return await crypto.subtle.verify(SIGNATURE, publicKey as never, signature, data)
      } catch {
        // A string of the right form that is not a point on the curve: no valid signature can come from it.
        return false
      }
    },
    randomNonce: () => crypto.getRandomValues(new Uint8Array(NONCE_BYTES)),
  }
}
