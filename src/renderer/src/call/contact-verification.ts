/**
 * What the certificate on the other end of a call says about the contact it is with: compared with the one kept
 * when the safety numbers were last compared and marked as verified.
 */
import type { CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import type { Contact } from '../../../shared/contacts'

export type ContactVerification =
  /** A call by room code, or with someone who is not a contact: there is nothing to keep a mark with. */
  | { readonly kind: 'not-a-contact' }
  | { readonly kind: 'unverified'; readonly contact: Contact }
  | { readonly kind: 'verified'; readonly contact: Contact }
  /**
   * Marked as verified with another certificate. Never silently accepted: someone in the middle, or their app
   * made a new key (renewed, reinstalled, "New safety key"). Only comparing again tells which.
   */
  | { readonly kind: 'changed'; readonly contact: Contact }

export function verifyContact(contact: Contact | null, remote: CertificateFingerprint): ContactVerification {
  if (!contact) return { kind: 'not-a-contact' }
  if (contact.verifiedFingerprint === undefined) return { kind: 'unverified', contact }
  return contact.verifiedFingerprint === remote ? { kind: 'verified', contact } : { kind: 'changed', contact }
}
