/**
 * A DTLS certificate fingerprint as the app keeps and compares it: `sha-256 AB:CD:…` (RFC 8122's
 * `a=fingerprint` value, algorithm lower case, hex upper case). Browsers write it in either case (the SDP in
 * upper case, `RTCCertificate.getFingerprints()` and the `certificate` stats in lower case), so everything is
 * normalized here before it is compared, hashed or stored with a contact.
 */

declare const fingerprintBrand: unique symbol
export type CertificateFingerprint = string & { readonly [fingerprintBrand]: true }

/** Only SHA-256: what every browser puts in its SDP today, and the only one a contact's mark is kept for. */
const FINGERPRINT_PATTERN = /^sha-256 [0-9A-F]{2}(?::[0-9A-F]{2}){31}$/

export function isCertificateFingerprint(value: unknown): value is CertificateFingerprint {
  return typeof value === 'string' && FINGERPRINT_PATTERN.test(value)
}

/** `('SHA-256', 'ab:cd:…')` → `sha-256 AB:CD:…`; null when it is not a SHA-256 fingerprint. */
export function normalizeFingerprint(algorithm: unknown, value: unknown): CertificateFingerprint | null {
  if (typeof algorithm !== 'string' || typeof value !== 'string') return null
  const candidate = `${algorithm.trim().toLowerCase()} ${value.trim().toUpperCase()}`
  return isCertificateFingerprint(candidate) ? candidate : null
}

/**
 * Every `a=fingerprint` line of a session description, normalized and without repeats. With BUNDLE there is one
 * transport and every section names the same certificate; more than one distinct value means more than one
 * certificate, which the caller treats as a mismatch. Lines with another algorithm come back as `null`.
 */
export function sdpFingerprints(sdp: string): Array<CertificateFingerprint | null> {
  const found = new Set<CertificateFingerprint | null>()
  for (const match of sdp.matchAll(/^a=fingerprint:(\S+) (\S+)\s*$/gm)) found.add(normalizeFingerprint(match[1], match[2]))
  return [...found]
}
