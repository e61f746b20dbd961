// What to tell a person whose first download of Electron failed. Electron's installer prints only
// "TypeError: fetch failed" and a stack for every network failure, so we look at the network ourselves
// (does the name resolve? does anything answer on the port?) and say which case this is, in plain words.
import { lookup } from 'node:dns/promises'
import { connect } from 'node:net'

/** Where @electron/get downloads from when nothing says otherwise. */
export const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/'

/** The download base, as @electron/get reads it (an .npmrc setting, then the environment). */
export function downloadBase(env = process.env) {
  return env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.ELECTRON_MIRROR || DEFAULT_MIRROR
}

/**
 * What went wrong, from the installer's own output and a look at the network.
 * @returns {Promise<'no-name' | 'no-answer' | 'not-on-mirror' | 'damaged' | 'tls-intercepted' | 'proxy-refused' | 'unknown'>}
 */
export async function diagnose(installerOutput, base, { timeoutMs = 4000 } = {}) {
  if (/checksum|sha256/i.test(installerOutput)) return 'damaged'
  if (/CERT|certificate|self[- ]signed/i.test(installerOutput)) return 'tls-intercepted'
  if (/HTTPError|status code 4\d\d|\b404\b|Not Found/i.test(installerOutput)) return 'not-on-mirror'
  if (/407|Proxy Authentication/i.test(installerOutput)) return 'proxy-refused'
  let url
  try {
    url = new URL(base)
  } catch {
    return 'unknown'
  }
  try {
    await lookup(url.hostname)
  } catch {
    return 'no-name'
  }
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443)
  const answered = await new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port })
    const done = (value) => {
      socket.destroy()
      resolve(value)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
  return answered ? 'unknown' : 'no-answer'
}

/**
 * The message: the last thing the person reads, so it ends with what to do.
 * @param {Awaited<ReturnType<typeof diagnose>>} cause
 */
export function adviceFor(cause, { version, base, detail, usingProxy }) {
  const host = safeHost(base)
  const what = {
    'no-name': `The name ${host} did not resolve: this computer seems to have no internet connection, or its DNS blocks that name.`,
    'no-answer': `Nothing answered at ${host}: there is no connection, or a firewall or proxy stands in the way.`,
    'not-on-mirror': `The download server ${host} does not have Electron ${version} (${detail}).`,
    damaged: `The downloaded file did not match Electron's published checksum, so it was not used (${detail}).`,
    'tls-intercepted': `The secure connection to ${host} was not trusted (${detail}): a proxy or security tool is probably inspecting HTTPS.`,
    'proxy-refused': `The proxy refused the download (${detail}): it wants credentials.`,
    unknown: `The download from ${host} failed (${detail}).`,
  }[cause]
  const fixes = [
    'Check that this computer is online, then run npm start again. The download happens once; later starts skip it.',
    usingProxy
      ? 'You are using a proxy (ELECTRON_GET_USE_PROXY is set): check HTTPS_PROXY, and put credentials in it if the proxy asks for them.'
      : 'Behind a proxy? Run: ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://proxy.example:8080 npm start',
    base === DEFAULT_MIRROR
      ? 'Where the default server is blocked, use a mirror: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start'
      : `You are using the mirror ${base} (ELECTRON_MIRROR): check that it has v${version}/, or unset ELECTRON_MIRROR to use the default server.`,
  ]
  if (cause === 'tls-intercepted') fixes.splice(1, 0, "Point Node at your organisation's certificate: NODE_EXTRA_CA_CERTS=/path/to/ca.pem npm start")
  if (cause === 'damaged') fixes.splice(0, 1, 'Run npm start again; if it happens again, a proxy may be changing the file.')
  return [
    `Tonghwa could not download Electron ${version}, which it needs to open its window.`,
    what,
    'What to do:',
    ...fixes.map((fix) => `  - ${fix}`),
    'More in the README, "First run".',
  ].join('\n')
}

function safeHost(base) {
  try {
    return new URL(base).host
  } catch {
    return base
  }
}

/** The installer's last meaningful line (its error), not its stack. */
export function errorLine(installerOutput) {
  const lines = installerOutput.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('at '))
  return lines.at(-1) ?? 'no output'
}
