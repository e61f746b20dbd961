/**
 * The call's safety numbers as the call screen shows them: the certificates read once the call is connected (they
 * are known only after the DTLS handshake), the commit-then-reveal check on the connection's safety channel
 * ("comparing…" until both reveals are checked), then the numbers, what the contact was verified with, and "Mark
 * as verified". Reading is retried for a few seconds while the stats do not name the certificates yet.
 */
import type { Contact, ContactId } from '../../../shared/contacts'
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import type { IdentityPublicKey } from '../../../shared/identity-key'
import { verifyContact, type ContactVerification } from '../call/contact-verification'
import { webSafetyCrypto } from '../call/identity-key'
import type { DataChannelLike, StatsReportLike } from '../call/rtc-types'
import { SafetyCheck } from '../call/safety-channel'
import type { LocalIdentity, SafetyCrypto, SafetyFailure } from '../call/safety-exchange'
import { deriveSafetyNumbers, readConnectionCertificates, type DescriptionsLike, type SafetyNumbers } from '../call/safety-numbers'

export type SafetyReading =
  | { readonly status: 'reading' }
  /** The certificates are known; the commit-then-reveal check runs. No numbers yet. */
  | { readonly status: 'comparing' }
  | {
      readonly status: 'ready'
      readonly numbers: SafetyNumbers
      readonly remote: CertificateFingerprint
      /** The other side's identity key, whose signature over `remote` was valid; null if it has none. */
      readonly remoteIdentity: IdentityPublicKey | null
    }
  /** The certificates in use are not those the descriptions named: no numbers are shown, only a warning. */
  | { readonly status: 'mismatch' }
  /** The check failed (a reveal or signature that does not fit this connection, a broken frame, no answer in time). */
  | { readonly status: 'failed'; readonly reason: SafetyFailure }

export interface SafetyNumbersOptions {
  getStats: () => Promise<StatsReportLike> | null
  getDescriptions: () => DescriptionsLike | null
  /** The contact the call is with (a call by personal code to a saved contact), else null. */
  contact: () => Contact | null
  markVerified: (id: ContactId, fingerprint: CertificateFingerprint, identityKey: IdentityPublicKey | null) => Promise<Contact>
  /** This app's identity key; null where the page keeps none (then no signature is sent). */
  identity: () => LocalIdentity | null
  onError: (error: unknown) => void
  /** Default: the browser's WebCrypto. */
  crypto?: SafetyCrypto
  /** How long the check may take once the certificates are known. Default `SAFETY_CHECK_TIMEOUT_MS`. */
  checkTimeoutMs?: number
  /** Default: `setTimeout` 500 ms, 40 tries (a slow machine can take seconds to finish the handshake). */
  wait?: () => Promise<void>
  tries?: number
}

export class SafetyNumbersState {
  readonly #options: SafetyNumbersOptions
  #reading = $state.raw<SafetyReading | null>(null)
  #open = $state(false)
  #run = 0
  #check: SafetyCheck | null = null
  readonly #verification = $derived.by((): ContactVerification | null => {
    const reading = this.#reading
    if (reading?.status !== 'ready') return null
    return verifyContact(this.#options.contact(), { fingerprint: reading.remote, identityKey: reading.remoteIdentity })
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
    // Opened while the certificates are still missing (the handshake was slow and the retries ran out): try again.
    if (this.#open && (this.#reading === null || this.#reading.status === 'reading')) void this.read()
  }

  /** A new connection made its safety channel: the check for that connection runs on it. */
  attach(channel: DataChannelLike): void {
    this.#check?.close()
    this.#check = new SafetyCheck(channel, {
      crypto: this.#options.crypto ?? webSafetyCrypto(),
      identity: this.#options.identity(),
      ...(this.#options.checkTimeoutMs !== undefined ? { timeoutMs: this.#options.checkTimeoutMs } : {}),
    })
    // Numbers of an earlier connection say nothing about this one.
    if (this.#reading !== null) {
      this.#run += 1
      this.#reading = { status: 'reading' }
    }
  }

  /** The call connected (again): reads the certificates in use now and runs the check on them. */
  async read(): Promise<void> {
    const run = ++this.#run
    if (this.#reading?.status !== 'ready' && this.#reading?.status !== 'comparing') this.#reading = { status: 'reading' }
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
        if (found.status === 'ready') return await this.#compare(run, found)
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
      await this.#options.markVerified(verification.contact.id, reading.remote, reading.remoteIdentity)
    } catch (error) {
      this.#options.onError(error)
    }
  }

  /** The call is over: nothing of it is kept. */
  reset(): void {
    this.#run += 1
    this.#check?.close()
    this.#check = null
    this.#reading = null
    this.#open = false
  }

  async #compare(run: number, certificates: { local: CertificateFingerprint; remote: CertificateFingerprint }): Promise<void> {
    const check = this.#check
    if (!check) {
      this.#reading = { status: 'failed', reason: 'timeout' }
      return
    }
    if (this.#reading?.status !== 'ready') this.#reading = { status: 'comparing' }
    const outcome = await check.run(certificates)
    if (run !== this.#run) return
    if (outcome.status === 'failed') {
      this.#reading = { status: 'failed', reason: outcome.reason }
      return
    }
    const numbers = await deriveSafetyNumbers(outcome.local, outcome.remote)
    if (run !== this.#run) return
    this.#reading = { status: 'ready', numbers, remote: certificates.remote, remoteIdentity: outcome.remoteIdentity }
    // A mark made before identity keys matched its certificate: from now on it follows the key that signed it.
    const verification = this.#verification
    if (verification?.kind === 'verified' && verification.upgrade) {
      await this.#options.markVerified(verification.contact.id, certificates.remote, verification.upgrade)
    }
  }
}
