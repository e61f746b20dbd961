/**
 * This app's DTLS certificate ("safety key") as Settings shows it: its fingerprint, and "New safety key".
 * The certificate itself is handed to every peer connection by main.ts through `current`.
 */
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import { certificateFingerprint, newLocalCertificate, type CertificateLike, type LocalCertificateOptions } from '../call/local-certificate'

export class LocalKeyState<Cert extends CertificateLike = CertificateLike> {
  readonly #options: LocalCertificateOptions<Cert>
  #current = $state.raw<Cert | null>(null)
  #renewed = $state(false)
  #busy = $state(false)

  constructor(options: LocalCertificateOptions<Cert>, current: Cert | null) {
    this.#options = options
    this.#current = current
  }

  /** Null where the page could keep no certificate: then each call gets the browser's own, fresh one. */
  get current(): Cert | null {
    return this.#current
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

  /** A new certificate from the next call on; every contact who verified this app then sees "changed". */
  async regenerate(): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      this.#current = await newLocalCertificate(this.#options)
      this.#renewed = true
    } finally {
      this.#busy = false
    }
  }
}
