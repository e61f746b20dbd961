/**
 * This app's safety key as Settings shows it: the DTLS certificate (its fingerprint) and the identity key that
 * signs it in every call, and "New safety key". The certificate is handed to every peer connection by main.ts
 * through `current`; the identity key to the safety check through `identity`.
 */
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import { newIdentityKey, type IdentityKeyStorage, type WebCryptoLike } from '../call/identity-key'
import { certificateFingerprint, newLocalCertificate, type CertificateLike, type LocalCertificateOptions } from '../call/local-certificate'
import type { LocalIdentity } from '../call/safety-exchange'

export interface LocalIdentityOptions {
  storage: IdentityKeyStorage
  /** Default: the page's WebCrypto. */
  crypto?: WebCryptoLike
}

export class LocalKeyState<Cert extends CertificateLike = CertificateLike> {
  readonly #options: LocalCertificateOptions<Cert>
  readonly #identityOptions: LocalIdentityOptions | null
  #current = $state.raw<Cert | null>(null)
  #identity = $state.raw<LocalIdentity | null>(null)
  #renewed = $state(false)
  #busy = $state(false)

  constructor(options: LocalCertificateOptions<Cert>, current: Cert | null, identity: { options: LocalIdentityOptions; current: LocalIdentity | null } | null = null) {
    this.#options = options
    this.#current = current
    this.#identityOptions = identity?.options ?? null
    this.#identity = identity?.current ?? null
  }

  /** Null where the page could keep no certificate: then each call gets the browser's own, fresh one. */
  get current(): Cert | null {
    return this.#current
  }
  /** Null where the page could keep no identity key: then calls carry no signature, and no mark outlives a renewal. */
  get identity(): LocalIdentity | null {
    return this.#identity
  }
  get fingerprint(): CertificateFingerprint | null {
    return this.#current ? certificateFingerprint(this.#current) : null
  }
  /** "New safety key" was used in this session: Settings says what contacts will see. */
  get renewed(): boolean {
    return this.#renewed
  }
  get busy(): boolean {
    return this.#busy
  }

  /**
   * A new identity key and a new certificate from the next call on: every contact who verified this app then
   * sees "changed" (a yearly renewal of the certificate alone does not do that: the identity key signs it).
   */
  async regenerate(): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      const identityOptions = this.#identityOptions
      if (identityOptions) this.#identity = await newIdentityKey(identityOptions.storage, identityOptions.crypto)
      this.#current = await newLocalCertificate(this.#options)
      this.#renewed = true
    } finally {
      this.#busy = false
    }
  }
}
