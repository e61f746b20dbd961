/**
 * The safety check's commit-then-reveal step (ZRTP's idea), one per connection: each side draws a fresh 256-bit
 * nonce, sends H(nonce ‖ its own certificate), and reveals the nonce only once it holds the other side's
 * commitment. Both nonces then go into the safety numbers (safety-numbers.ts). A man in the middle must commit
 * on each leg before it learns that leg's honest nonce, so whatever it computes beforehand, the code on the leg
 * it completes last is a fresh random draw to it: one chance in 10^20 to match (docs/security.md).
 *
 * The reveal also carries the sender's identity key and its signature over the sender's certificate and both
 * commitments (which bind both nonces, so a signature from one call is worth nothing in another). A verified
 * contact stays verified across certificate renewals as long as that key signs (contact-verification.ts).
 *
 * Everything is checked against the certificates this side's DTLS actually verified, never against what the
 * frames claim: a commitment or signature made for another connection (frames relayed from elsewhere) fails.
 * Plain TS with its crypto given, so it runs in Node; a hostile peer gets a `failed` outcome, never an exception.
 */
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import type { IdentityPublicKey } from '../../../shared/identity-key'
import type { SafetyParty } from './safety-numbers'
import { encodeSafetyFrame, parseSafetyFrame, toBase64 } from './safety-wire'

export interface SafetyCrypto {
  sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array>
  /** Whether `signature` is `key`'s over `data`; false, never an exception, for a key that does not import. */
  verify(key: IdentityPublicKey, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>
  /** 32 bytes from a CSPRNG. */
  randomNonce(): Uint8Array<ArrayBuffer>
}

/** This installation's identity key (identity-key.ts): its public half and signing with the private half. */
export interface LocalIdentity {
  readonly publicKey: IdentityPublicKey
  sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>
}

export interface ConnectionFingerprints {
  readonly local: CertificateFingerprint
  readonly remote: CertificateFingerprint
}

/**
 * - `mismatch`: a reveal that does not open its commitment for the certificate in use, or a bad signature;
 * - `malformed`: a frame that breaks the protocol (unreadable, out of order, repeated, too many too early);
 * - `timeout`: the channel never opened or the other side never finished (decided by the caller).
 */
export type SafetyFailure = 'mismatch' | 'malformed' | 'timeout'

export type ExchangeOutcome =
  | { readonly status: 'agreed'; readonly local: SafetyParty; readonly remote: SafetyParty; readonly remoteIdentity: IdentityPublicKey | null }
  | { readonly status: 'failed'; readonly reason: SafetyFailure }

export interface ExchangeProgress {
  readonly commitSent: boolean
  readonly commitReceived: boolean
  readonly revealSent: boolean
  readonly revealReceived: boolean
}

export interface SafetyExchangeOptions {
  /** Sends one frame on the safety channel; false when it could not be sent (channel not open or full). */
  send: (frame: string) => boolean
  crypto: SafetyCrypto
  identity: LocalIdentity | null
}

const COMMIT_LABEL = 'tonghwa safety commit v1'
const IDENTITY_LABEL = 'tonghwa safety identity v1'
/** An honest peer sends at most one frame (its commitment) before it has ours. */
const MAX_EARLY_FRAMES = 2

/** H(label ‖ certificate ‖ nonce): binds the nonce to the certificate of the side that drew it. */
export async function commitmentFor(crypto: SafetyCrypto, fingerprint: CertificateFingerprint, nonce: Uint8Array): Promise<Uint8Array> {
  return crypto.sha256(concat(new TextEncoder().encode(`${COMMIT_LABEL}\n${fingerprint}\n`), nonce))
}

/** What an identity key signs: the signer's certificate, then its own commitment, then the other side's. */
export function identityStatement(signer: CertificateFingerprint, signerCommitment: Uint8Array, otherCommitment: Uint8Array): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${IDENTITY_LABEL}\n${signer}\n${toBase64(signerCommitment)}\n${toBase64(otherCommitment)}`)
}

export class SafetyExchange {
  readonly #options: SafetyExchangeOptions
  readonly outcome: Promise<ExchangeOutcome>
  #resolve!: (outcome: ExchangeOutcome) => void
  #settled: ExchangeOutcome | null = null
  #chain: Promise<void> = Promise.resolve()
  #started = false
  #early: unknown[] = []
  #certificates: ConnectionFingerprints | null = null
  #nonce: Uint8Array<ArrayBuffer> | null = null
  #ownCommitment: Uint8Array | null = null
  #theirCommitment: Uint8Array | null = null
  #revealSent = false
  #theirReveal: { nonce: Uint8Array; identity: IdentityPublicKey | null } | null = null

  constructor(options: SafetyExchangeOptions) {
    this.#options = options
    this.outcome = new Promise((resolve) => (this.#resolve = resolve))
  }

  get progress(): ExchangeProgress {
    return {
      commitSent: this.#ownCommitment !== null,
      commitReceived: this.#theirCommitment !== null,
      revealSent: this.#revealSent,
      revealReceived: this.#theirReveal !== null,
    }
  }

  /** The settled outcome, or null while the exchange runs. */
  get result(): ExchangeOutcome | null {
    return this.#settled
  }

  /** The channel is open and DTLS named both certificates: draws the nonce and sends the commitment. */
  start(certificates: ConnectionFingerprints): void {
    if (this.#started) return
    this.#started = true
    this.#run(async () => {
      this.#certificates = certificates
      this.#nonce = this.#options.crypto.randomNonce()
      const commitment = await commitmentFor(this.#options.crypto, certificates.local, this.#nonce)
      if (!this.#options.send(encodeSafetyFrame({ type: 'commit', commitment }))) return this.#fail('timeout')
      this.#ownCommitment = commitment
      for (const raw of this.#early.splice(0)) await this.#handle(raw)
      await this.#revealIfDue()
    })
  }

  /** A message from the channel, as it came; read and checked here. */
  receive(raw: unknown): void {
    if (this.#settled) return
    if (!this.#started) {
      if (this.#early.push(raw) > MAX_EARLY_FRAMES) this.#fail('malformed')
      return
    }
    this.#run(() => this.#handle(raw))
  }

  /** Gives up (the caller's timer): an exchange already settled keeps its outcome. */
  fail(reason: SafetyFailure): void {
    this.#fail(reason)
  }

  #run(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#settled) return
      try {
        await step()
      } catch {
        // Only the crypto can throw here, on input it refused: the other side's doing.
        this.#fail('malformed')
      }
    })
  }

  async #handle(raw: unknown): Promise<void> {
    if (this.#settled) return
    const frame = parseSafetyFrame(raw)
    if (!frame) return this.#fail('malformed')
    if (frame.type === 'commit') {
      if (this.#theirCommitment) return this.#fail('malformed')
      this.#theirCommitment = frame.commitment
      return this.#revealIfDue()
    }
    // A reveal before its commitment could have been chosen after seeing ours: refused, whatever it says.
    if (!this.#theirCommitment || this.#theirReveal) return this.#fail('malformed')
    const remote = this.#certificates!.remote
    const expected = await commitmentFor(this.#options.crypto, remote, frame.nonce)
    if (!sameBytes(expected, this.#theirCommitment)) return this.#fail('mismatch')
    if (frame.identity) {
      const statement = identityStatement(remote, this.#theirCommitment, this.#ownCommitment!)
      const valid = await this.#options.crypto.verify(frame.identity.key, frame.identity.signature as Uint8Array<ArrayBuffer>, statement)
      if (!valid) return this.#fail('mismatch')
    }
    this.#theirReveal = { nonce: frame.nonce, identity: frame.identity?.key ?? null }
    this.#finishIfDone()
  }

  /** Our nonce goes out only once we hold their commitment (and have sent ours). */
  async #revealIfDue(): Promise<void> {
    if (this.#revealSent || !this.#ownCommitment || !this.#theirCommitment || this.#settled) return
    const identity = this.#options.identity
    const signed = identity
      ? { key: identity.publicKey, signature: await identity.sign(identityStatement(this.#certificates!.local, this.#ownCommitment, this.#theirCommitment)) }
      : null
    if (!this.#options.send(encodeSafetyFrame({ type: 'reveal', nonce: this.#nonce!, identity: signed }))) return this.#fail('timeout')
    this.#revealSent = true
    this.#finishIfDone()
  }

  #finishIfDone(): void {
    const reveal = this.#theirReveal
    if (!this.#revealSent || !reveal || this.#settled) return
    const { local, remote } = this.#certificates!
    this.#settle({
      status: 'agreed',
      local: { fingerprint: local, nonce: this.#nonce! },
      remote: { fingerprint: remote, nonce: reveal.nonce },
      remoteIdentity: reveal.identity,
    })
  }

  #fail(reason: SafetyFailure): void {
    this.#settle({ status: 'failed', reason })
  }

  #settle(outcome: ExchangeOutcome): void {
    if (this.#settled) return
    this.#settled = outcome
    this.#early = []
    this.#resolve(outcome)
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
  return difference === 0
}
