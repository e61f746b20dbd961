/**
 * This installation's DTLS certificate: one, long-lived, used by every call, so that a contact who marked the
 * safety numbers as verified sees the same certificate next time. Without it the browser makes a fresh
 * certificate for every peer connection, and every call would look "changed".
 *
 * Browsers cap a certificate's life (Chromium: 365 days, checked: a longer `expires` is clamped), so it is
 * renewed on schedule, in the last `renewBeforeMs` of its life, never at the last moment during a call.
 * Given its storage and the browser's `generateCertificate`, so the schedule is tested with fakes.
 */
import { normalizeFingerprint, type CertificateFingerprint } from '../../../shared/certificate-fingerprint'

/** `RTCCertificate`, the members read here. */
export interface CertificateLike {
  /** Milliseconds since the epoch after which the browser refuses to use it. */
  readonly expires: number
  getFingerprints(): ReadonlyArray<{ algorithm?: string; value?: string }>
}

export interface CertificateStorage<Cert> {
  load(): Promise<Cert | null>
  save(certificate: Cert): Promise<void>
}

export const DAY_MS = 24 * 60 * 60 * 1000
export const CERTIFICATE_POLICY = {
  /** What is asked for; Chromium's cap. */
  lifetimeMs: 365 * DAY_MS,
  /** Renewed when less than this is left: weeks of margin for an app that is not opened every day. */
  renewBeforeMs: 30 * DAY_MS,
} as const

export interface LocalCertificateOptions<Cert> {
  storage: CertificateStorage<Cert>
  /** `RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires })`. */
  generate: (expiresMs: number) => Promise<Cert>
  now?: () => number
}

export type CertificateOrigin = 'kept' | 'new' | 'renewed'

/** The certificate to use now: the stored one while it has life left, else a new one, saved before it is used. */
export async function loadLocalCertificate<Cert extends CertificateLike>(
  options: LocalCertificateOptions<Cert>,
): Promise<{ certificate: Cert; origin: CertificateOrigin }> {
  const now = (options.now ?? Date.now)()
  const stored = await options.storage.load()
  if (stored && stored.expires - now > CERTIFICATE_POLICY.renewBeforeMs && certificateFingerprint(stored)) {
    return { certificate: stored, origin: 'kept' }
  }
  const certificate = await newLocalCertificate(options)
  return { certificate, origin: stored ? 'renewed' : 'new' }
}

/** A new certificate, saved: Settings → "New safety key", and the schedule above. */
export async function newLocalCertificate<Cert extends CertificateLike>(options: LocalCertificateOptions<Cert>): Promise<Cert> {
  const certificate = await options.generate(CERTIFICATE_POLICY.lifetimeMs)
  await options.storage.save(certificate)
  return certificate
}

/** Its SHA-256 fingerprint, as the other side's safety numbers see it; null if the browser gives none. */
export function certificateFingerprint(certificate: CertificateLike): CertificateFingerprint | null {
  for (const { algorithm, value } of certificate.getFingerprints()) {
    const fingerprint = normalizeFingerprint(algorithm, value)
    if (fingerprint) return fingerprint
  }
  return null
}
