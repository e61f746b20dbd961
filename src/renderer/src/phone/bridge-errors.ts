/**
 * The stable code of an error from the bridge. Main's errors start with their code ("CONTACT_ERR_NOT_FOUND: …"),
 * but Electron wraps an `invoke` that failed as "Error invoking remote method 'contacts:add': Error: CODE: …",
 * so the code is looked for anywhere in the message.
 */
const CODE_PATTERN = /\b([A-Z]+_ERR_[A-Z0-9_]+)\b:?\s*(.*)$/s

export function errorCodeOf(error: unknown): string | null {
  return parseBridgeError(error)?.code ?? null
}

/** The code and the message after it, or null when the error carries no stable code. */
export function parseBridgeError(error: unknown): { code: string; message: string } | null {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : ''
  const match = CODE_PATTERN.exec(text)
  if (!match) return null
  return { code: match[1]!, message: match[2]!.trim() }
}
