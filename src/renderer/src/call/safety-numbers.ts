/**
 * Call safety numbers: a short code both people read to each other to see that no one sits in the middle of
 * their call (docs/security.md says what that proves, and the arithmetic).
 *
 * The code is derived from the two DTLS certificates the connection actually uses, as the browser reports them
 * in `getStats()` (the transport's `localCertificateId` / `remoteCertificateId`): those are the certificates
 * DTLS verified, so the code speaks for the keys the media is encrypted with. They are also checked against
 * the `a=fingerprint` lines of the two session descriptions; a disagreement is reported as such, never turned
 * into a code. Digits, not words: they read the same in every language the app speaks.
 *
 * Each side also puts in a fresh 256-bit nonce, committed to before it saw the other's (safety-exchange.ts), so a
 * man in the middle cannot search for certificates that make its two legs show the same code.
 */
import { normalizeFingerprint, sdpFingerprints, type CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import type { StatsLike, StatsReportLike } from './rtc-types'

/** Four groups of five digits: 10^20 codes, about 2^66.4. */
export const SAFETY_GROUPS = 4
export const SAFETY_GROUP_DIGITS = 5
/**
 * PBKDF2 rounds: every guess an attacker makes while grinding certificates costs this many HMACs (about
 * 2^17 SHA-256 compressions). One derivation takes tens of milliseconds, once per call.
 */
export const SAFETY_ITERATIONS = 100_000
/**
 * Domain separation: these bytes are hashed for nothing else. Changing the derivation means a new version (v2:
 * the nonces of the commit-then-reveal step joined the input).
 */
export const SAFETY_SALT = 'tonghwa call safety numbers v2'

export type SafetyNumbers = readonly string[]

/** One side of the call: the certificate its DTLS used, and the nonce it revealed (32 bytes). */
export interface SafetyParty {
  readonly fingerprint: CertificateFingerprint
  readonly nonce: Uint8Array
}

/**
 * The code for a call between the two sides. The same for both: the sides are sorted by fingerprint first (they
 * differ, readConnectionCertificates makes sure), so who called whom does not matter.
 */
export async function deriveSafetyNumbers(
  a: SafetyParty,
  b: SafetyParty,
  subtle: SubtleCryptoLike = globalThis.crypto.subtle,
): Promise<SafetyNumbers> {
  const [first, second] = [a, b].sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0))
  const line = (party: SafetyParty) => `${party.fingerprint}\n${hexOf(party.nonce)}`
  const encoder = new TextEncoder()
  const key = await subtle.importKey('raw', encoder.encode(`${line(first!)}\n${line(second!)}`), 'PBKDF2', false, ['deriveBits'])
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(SAFETY_SALT), iterations: SAFETY_ITERATIONS },
    key as never,
    SAFETY_GROUPS * 40,
  )
  const bytes = new Uint8Array(bits)
  const groups: string[] = []
  for (let group = 0; group < SAFETY_GROUPS; group++) {
    // 40 bits (exact in a double) modulo 10^5: the bias is below 10^5 / 2^40, about 10^-7 per group.
    let value = 0
    for (let i = 0; i < 5; i++) value = value * 256 + bytes[group * 5 + i]!
    groups.push(String(value % 10 ** SAFETY_GROUP_DIGITS).padStart(SAFETY_GROUP_DIGITS, '0'))
  }
  return groups
}

export type ConnectionCertificates =
  | { readonly status: 'ready'; readonly local: CertificateFingerprint; readonly remote: CertificateFingerprint }
  /** DTLS has not finished (no certificate stats yet): ask again later. */
  | { readonly status: 'pending' }
  /** The certificates in use are not the ones the descriptions named, or there is more than one of them. */
  | { readonly status: 'mismatch' }

export interface DescriptionsLike {
  readonly local: string | null
  readonly remote: string | null
}

/** Reads the certificates off the connection's stats and checks them against both descriptions. */
export function readConnectionCertificates(report: StatsReportLike, descriptions: DescriptionsLike): ConnectionCertificates {
  const byId = new Map<string, StatsLike>()
  const transports: StatsLike[] = []
  report.forEach((stat) => {
    byId.set(stat.id, stat)
    if (stat.type === 'transport') transports.push(stat)
  })
  const locals = new Set<CertificateFingerprint | null>()
  const remotes = new Set<CertificateFingerprint | null>()
  for (const transport of transports) {
    const localId = transport.localCertificateId
    const remoteId = transport.remoteCertificateId
    if (typeof localId !== 'string' || typeof remoteId !== 'string') continue
    locals.add(fingerprintOf(byId.get(localId)))
    remotes.add(fingerprintOf(byId.get(remoteId)))
  }
  if (locals.size === 0 || descriptions.local === null || descriptions.remote === null) return { status: 'pending' }
  const local = only(locals)
  const remote = only(remotes)
  if (!local || !remote || local === remote) return { status: 'mismatch' }
  if (!sameSet(sdpFingerprints(descriptions.local), local) || !sameSet(sdpFingerprints(descriptions.remote), remote)) {
    return { status: 'mismatch' }
  }
  return { status: 'ready', local, remote }
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function fingerprintOf(stat: StatsLike | undefined): CertificateFingerprint | null {
  return stat?.type === 'certificate' ? normalizeFingerprint(stat.fingerprintAlgorithm, stat.fingerprint) : null
}

function only(values: Set<CertificateFingerprint | null>): CertificateFingerprint | null {
  return values.size === 1 ? ([...values][0] ?? null) : null
}

function sameSet(found: Array<CertificateFingerprint | null>, expected: CertificateFingerprint): boolean {
  return found.length === 1 && found[0] === expected
}

/** The part of `SubtleCrypto` used here (Node's and the browser's both fit). */
export interface SubtleCryptoLike {
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: 'PBKDF2', extractable: false, usages: ['deriveBits']): Promise<unknown>
  deriveBits(
    algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array<ArrayBuffer>; iterations: number },
    key: never,
    length: number,
  ): Promise<ArrayBuffer>
}
