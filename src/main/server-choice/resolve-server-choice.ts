/**
 * Which server the app uses, in one order (docs/deployment.md, "Which server the app uses"):
 *
 *   `--server-url` > `TONGHWA_SERVER_URL` > the setting (Settings → Server) > the packaged default > automatic
 *
 * The switch and the variable are for whoever starts the app (a test, an administrator's shortcut): they win
 * over anything the person chose, and a bad value there stops the start with an error naming it (server-url.ts),
 * as before. The setting is the person's choice; "Automatic" chosen there also beats a packaged default. The
 * packaged default (packaged-server.ts) is how an organisation ships the app already pointed at its server.
 * A setting or packaged file that cannot be used is reported in `problems` and the next source in the order
 * decides: neither is something the person can fix by restarting with another argument.
 * Pure: no file, no Electron; tested in Node.
 */
import { parseServerAddress, type ServerSetting } from '../../shared/server-address'
import type { ServerChoice, ServerChoiceProblem } from '../../shared/server-choice'
import { resolveServerUrl, type ServerUrlInputs } from '../server-url'
import { plainTextProblem } from '../server-trust/transport-policy'
import type { PackagedServer } from './packaged-server'

export interface ServerChoiceInputs extends ServerUrlInputs {
  /** `settings.json`'s `server`, as read (only its shape is checked there); undefined when the person never chose. */
  setting: { kind: 'automatic' } | { kind: 'server'; url: string } | undefined
  /** What the app's resources hold. */
  packaged: PackagedServer
}

export interface ResolvedServerChoice {
  choice: ServerChoice
  problems: ServerChoiceProblem[]
}

/** Throws `ServerUrlError` for an unusable `--server-url` or `TONGHWA_SERVER_URL` (server-url.ts). */
export function resolveServerChoice(inputs: ServerChoiceInputs): ResolvedServerChoice {
  const problems: ServerChoiceProblem[] = []
  if (inputs.packaged.kind === 'invalid') {
    problems.push({ code: 'SERVER_CHOICE_ERR_BAD_PACKAGED', path: inputs.packaged.path, reason: inputs.packaged.reason })
  }
  const configured = resolveServerUrl(inputs)
  if (configured.kind === 'configured') return { choice: { kind: 'server', url: configured.url, source: configured.source }, problems }

  const setting = checkSetting(inputs.setting)
  if (!setting.ok) problems.push({ code: 'SERVER_CHOICE_ERR_BAD_SETTING', reason: setting.reason })
  else if (setting.value?.kind === 'automatic') return { choice: { kind: 'automatic', source: 'setting' }, problems }
  else if (setting.value?.kind === 'server') return { choice: { kind: 'server', url: setting.value.url, source: 'setting' }, problems }

  if (inputs.packaged.kind === 'server') return { choice: { kind: 'server', url: inputs.packaged.url, source: 'packaged' }, problems }
  return { choice: { kind: 'automatic', source: 'default' }, problems }
}

/** The setting as the settings screen shows it: what was chosen, automatic when nothing (or nothing usable) was. */
export function shownSetting(setting: ServerChoiceInputs['setting']): ServerSetting {
  const checked = checkSetting(setting)
  return checked.ok && checked.value !== undefined ? checked.value : { kind: 'automatic' }
}

type CheckedSetting = { ok: true; value: ServerSetting | undefined } | { ok: false; reason: string }

function checkSetting(setting: ServerChoiceInputs['setting']): CheckedSetting {
  if (setting === undefined || setting.kind === 'automatic') return { ok: true, value: setting }
  const address = parseServerAddress(setting.url)
  if (!address.ok) return { ok: false, reason: `the server in settings.json cannot be used (${address.problem})` }
  // The shared rule, then main's own (fuller host scopes): this connection carries the personal secret.
  const insecure = plainTextProblem(address.url)
  if (insecure !== null) return { ok: false, reason: `the server in settings.json cannot be used: ${insecure}` }
  return { ok: true, value: { kind: 'server', url: address.url } }
}
