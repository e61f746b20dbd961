/**
 * The call's safety numbers as the call screen shows them: read once the call is connected (the certificates are
 * known only after the DTLS handshake), compared with what the contact was verified with, and "Mark as
 * verified". Reading is retried for a few seconds while the stats do not name the certificates yet.
 */
import type { Contact, ContactId } from '../../../shared/contacts'
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import { verifyContact, type ContactVerification } from '../call/contact-verification'
import type { StatsReportLike } from '../call/rtc-types'
import { deriveSafetyNumbers, readConnectionCertificates, type DescriptionsLike, type SafetyNumbers } from '../call/safety-numbers'

export type SafetyReading =
  | { readonly status: 'reading' }
  | { readonly status: 'ready'; readonly numbers: SafetyNumbers; readonly remote: CertificateFingerprint }
  /** The certificates in use are not those the descriptions named: no numbers are shown, only a warning. */
  | { readonly status: 'mismatch' }

export interface SafetyNumbersOptions {
  getStats: () => Promise<StatsReportLike> | null
  getDescriptions: () => DescriptionsLike | null
  /** The contact the call is with (a call by personal code to a saved contact), else null. */
  contact: () => Contact | null
  markVerified: (id: ContactId, fingerprint: CertificateFingerprint) => Promise<Contact>
  onError: (error: unknown) => void
  /** Default: `setTimeout` 500 ms, 40 tries (a slow machine can take seconds to finish the handshake). */
  wait?: () => Promise<void>
  tries?: number
}

export class SafetyNumbersState {
  readonly #options: SafetyNumbersOptions
  #reading = $state.raw<SafetyReading | null>(null)
  #open = $state(false)
  #run = 0
  readonly #verification = $derived.by((): ContactVerification | null => {
    const reading = this.#reading
    return reading?.status === 'ready' ? verifyContact(this.#options.contact(), reading.remote) : null
  })

  constructor(options: SafetyNumbersOptions) {
    this.#options = options
  }

  get reading(): SafetyReading | null {
    return this.#reading
  }
  get verification(): ContactVerification | null {
    return this.#verification
  }
  get open(): boolean {
    return this.#open
  }

  toggle(): void {
    this.#open = !this.#open
    // Opened while the numbers are still missing (the handshake was slow and the retries ran out): try again.
    if (this.#open && this.#reading?.status !== 'ready' && this.#reading?.status !== 'mismatch') void this.read()
  }

  /** The call connected (again): reads the certificates in use now. */
  async read(): Promise<void> {
    const run = ++this.#run
    if (this.#reading?.status !== 'ready') this.#reading = { status: 'reading' }
    const wait = this.#options.wait ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 500)))
    try {
      for (let attempt = 0; attempt < (this.#options.tries ?? 40); attempt++) {
        const stats = this.#options.getStats()
        const descriptions = this.#options.getDescriptions()
        if (!stats || !descriptions) return
        const found = readConnectionCertificates(await stats, descriptions)
        if (run !== this.#run) return
        if (found.status === 'mismatch') {
          this.#reading = { status: 'mismatch' }
          return
        }
        if (found.status === 'ready') {
          const numbers = await deriveSafetyNumbers(found.local, found.remote)
          if (run === this.#run) this.#reading = { status: 'ready', numbers, remote: found.remote }
          return
        }
        await wait()
        if (run !== this.#run) return
      }
    } catch (error) {
      this.#options.onError(error)
    }
  }

  /** "Mark as verified": only with a contact, after reading the numbers to each other. */
  async markVerified(): Promise<void> {
    const reading = this.#reading
    const verification = this.#verification
    if (reading?.status !== 'ready' || !verification || verification.kind === 'not-a-contact') return
    try {
      await this.#options.markVerified(verification.contact.id, reading.remote)
    } catch (error) {
      this.#options.onError(error)
    }
  }

  /** The call is over: nothing of it is kept. */
  reset(): void {
    this.#run += 1
    this.#reading = null
    this.#open = false
  }
}
