/**
 * Which problem the contact form shows while the person types: the one `checkContactDraft` finds, but only for
 * a field the person has typed in (or for all of them once they tried to save), so an empty form does not
 * greet them with "Give the contact a name."
 */
import { checkContactDraft, type Contact, type ContactDraft, type ContactErrorCode, type ContactId } from '../../../shared/contacts'
import type { RoomCode } from '../../../shared/room-code'
import { contactProblemWords, type ProblemContext } from './contact-problem-words'

export interface FormProblem {
  readonly code: ContactErrorCode
  readonly field: 'name' | 'code' | null
  readonly message: string
}

export interface FormContext {
  readonly existing: readonly Contact[]
  readonly editing?: ContactId
  readonly ownCode?: RoomCode | null
  /** Fields the person has typed in. */
  readonly touched: { readonly name: boolean; readonly code: boolean }
  /** Whether they pressed Save: then every problem shows. */
  readonly submitted: boolean
}

/** A name that passes the name checks, to learn what is wrong with the code alone. */
const PLACEHOLDER_NAME = 'Contact'

export function contactFormProblem(draft: ContactDraft, context: FormContext): FormProblem | null {
  const options = { editing: context.editing, ownCode: context.ownCode }
  const check = checkContactDraft(draft, context.existing, options)
  if (check.ok) return null
  const words = { typedCode: draft.code, existing: context.existing }
  if (context.submitted || check.field === null || context.touched[check.field]) return problem(check, words)
  // The name is checked first, so a name not typed yet would hide what is wrong with the code being typed.
  if (check.field === 'name' && context.touched.code) {
    const codeOnly = checkContactDraft({ name: PLACEHOLDER_NAME, code: draft.code }, context.existing, options)
    if (!codeOnly.ok && codeOnly.field === 'code') return problem(codeOnly, words)
  }
  return null
}

function problem(check: { code: ContactErrorCode; field: 'name' | 'code' | null }, words: ProblemContext): FormProblem {
  return { code: check.code, field: check.field, message: contactProblemWords(check.code, words) }
}
