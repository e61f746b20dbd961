/**
 * The words for a contact problem, by its stable code, in the current language. The shared check
 * (`checkContactDraft`) words its problems in English for main's logs; what the person reads comes from here.
 */
import { CONTACT_LIMITS, ContactErrorCode, type Contact } from '../../../shared/contacts'
import { parseRoomCode } from '../../../shared/room-code'
import { contactsText } from '../i18n/messages/contacts'

export interface ProblemContext {
  /** The code as typed, to say what is wrong with it. */
  readonly typedCode: string
  /** The contacts saved, to name the one that already has this code. */
  readonly existing: readonly Contact[]
}

export function contactProblemWords(code: string, context: ProblemContext): string {
  const error = contactsText().error
  switch (code) {
    case ContactErrorCode.NameMissing:
      return error.nameMissing
    case ContactErrorCode.NameTooLong:
      return error.nameTooLong(CONTACT_LIMITS.nameChars)
    case ContactErrorCode.BadCode: {
      const parsed = parseRoomCode(context.typedCode)
      return parsed.ok ? error.notSaved : error.badCode[parsed.problem]
    }
    case ContactErrorCode.OwnCode:
      return error.ownCode
    case ContactErrorCode.DuplicateCode: {
      const parsed = parseRoomCode(context.typedCode)
      const twin = parsed.ok ? context.existing.find((contact) => contact.code === parsed.code) : undefined
      return twin ? error.duplicate(twin.name) : error.notSaved
    }
    case ContactErrorCode.TooMany:
      return error.tooMany(CONTACT_LIMITS.contacts)
    case ContactErrorCode.NotFound:
      return error.notFound
    default:
      return error.notSaved
  }
}
