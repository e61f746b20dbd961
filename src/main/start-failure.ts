/**
 * What the error box says when the app cannot start: the error as it is (its stable code first, so it can be
 * looked up and reported), preceded, for the failures a person can fix themselves, by a sentence in their
 * language saying why and how. No Electron import: tested in Node.
 */
import type { MainMessages } from './i18n/main-messages'
import { TransportErrorCode } from './server-trust/transport-policy'

export function describeStartFailure(error: unknown, text: MainMessages): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  if (code === TransportErrorCode.InsecureServerUrl) return `${text.dialogs.insecureServerUrl}\n\n${message}`
  return message
}
