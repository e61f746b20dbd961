/**
 * What the other end of a call says about the contact it is with, compared with what was kept when the safety
 * numbers were last compared and marked as verified: their identity key (which must have signed the certificate
 * in use, safety-exchange.ts), or for a mark made before identity keys, the certificate itself.
 */
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import type { Contact } from '../../../shared/contacts'
import type { IdentityPublicKey } from '../../../shared/identity-key'

export type ContactVerification =
  /** A call by room code, or with someone who is not a contact: there is nothing to keep a mark with. */
  | { readonly kind: 'not-a-contact' }
  | { readonly kind: 'unverified'; readonly contact: Contact }
  /**
   * `upgrade`: the mark had only a certificate, it matched, and the identity key that signed it can now be kept
   * with it, so that the next renewed certificate stays verified too.
   */
  | { readonly kind: 'verified'; readonly contact: Contact; readonly upgrade: IdentityPublicKey | null }
  /**
   * Marked as verified with another identity key (or, for an old mark, another certificate). Never silently
   * accepted: someone in the middle, or their app has a new key ("New safety key", reinstalled). Only comparing
   * again tells which.
   */
  | { readonly kind: 'changed'; readonly contact: Contact }

/** The other side as the safety check saw it: its certificate, and the identity key whose signature was valid. */
export interface RemoteSafetyKeys {
  readonly fingerprint: CertificateFingerprint
  readonly identityKey: IdentityPublicKey | null
}

export function verifyContact(contact: Contact | null, remote: RemoteSafetyKeys): ContactVerification {
  if (!contact) return { kind: 'not-a-contact' }
  if (contact.verifiedIdentityKey !== undefined) {
    // A renewed certificate is fine as long as the same identity key signed it in this call.
    return remote.identityKey === contact.verifiedIdentityKey ? { kind: 'verified', contact, upgrade: null } : { kind: 'changed', contact }
  }
  if (contact.verifiedFingerprint === undefined) return { kind: 'unverified', contact }
  return contact.verifiedFingerprint === remote.fingerprint ? { kind: 'verified', contact, upgrade: remote.identityKey } : { kind: 'changed', contact }
}
