/**
 * An installation's identity key as the app sends it and keeps it with a verified contact: the public half of a
 * non-extractable ECDSA P-256 key, as SPKI in base64. Only this one form is accepted (P-256, uncompressed point,
 * canonical padding), so two copies of the same key are always the same string and can be compared as such.
 */

declare const identityKeyBrand: unique symbol
export type IdentityPublicKey = string & { readonly [identityKeyBrand]: true }

/**
 * The DER header of a P-256 SubjectPublicKeyInfo plus the 0x04 of an uncompressed point is 27 bytes, exactly
 * 36 base64 characters; the 64 bytes of the point follow (86 characters, the last one with its low 4 bits zero).
 */
const IDENTITY_KEY_PATTERN = /^MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE[A-Za-z0-9+/]{85}[AQgw]==$/

export function isIdentityPublicKey(value: unknown): value is IdentityPublicKey {
  return typeof value === 'string' && IDENTITY_KEY_PATTERN.test(value)
}
