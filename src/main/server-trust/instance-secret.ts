/**
 * The per-user secret the embedded server is started with and proves itself by (src/server/instance-proof.ts):
 * 32 random bytes as hex in `<userData>/embedded-server.key`, readable by this user only. Another user of the
 * machine cannot read it, so their Tonghwa (or anything else) on port 47800 cannot answer this user's challenge.
 *
 * A file that another user could have read (group or other permission bits, or not owned by this user) or that
 * is not a plain file is replaced, not trusted. On Windows the mode bits mean nothing; the file is protected by
 * the ACL of the profile folder the user-data folder lives in. When the file cannot be written the secret lives
 * in memory only: the app then never reuses another server (nobody else knows it), which is the safe way to fail.
 * No Electron import: tested in Node.
 */
import { randomBytes } from 'node:crypto'
import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isInstanceHex } from '../../server/instance-proof'

export const INSTANCE_SECRET_FILE = 'embedded-server.key'

export interface InstanceSecretOptions {
  /** Default `process.platform`: on `win32` the permission bits are not checked. */
  platform?: NodeJS.Platform
  /** Default `console.warn`. */
  log?: (message: string) => void
}

/** Reads this user's secret, or makes a new one; never rejects. */
export async function loadInstanceSecret(userDataDir: string, options: InstanceSecretOptions = {}): Promise<string> {
  const { platform = process.platform, log = console.warn } = options
  const path = join(userDataDir, INSTANCE_SECRET_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const existing = await readTrusted(path, platform)
      if (existing !== null) return existing
      await rm(path, { force: true })
      const secret = randomBytes(32).toString('hex')
      await mkdir(userDataDir, { recursive: true, mode: 0o700 })
      // `wx`: if another process wrote one meanwhile, the next round reads that one instead of overwriting it.
      await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' })
      return secret
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') continue
      log(`[server-trust] could not keep ${path} (${String(error)}); another Tonghwa's server will not be reused`)
      break
    }
  }
  return randomBytes(32).toString('hex')
}

/** The secret in `path` if it is one only this user could have read; null when absent or not to be trusted. */
async function readTrusted(path: string, platform: NodeJS.Platform): Promise<string | null> {
  let stats
  try {
    stats = await lstat(path)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null
    throw error
  }
  if (!stats.isFile()) return null
  if (platform !== 'win32') {
    if ((stats.mode & 0o077) !== 0) return null
    if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) return null
  }
  const secret = (await readFile(path, 'utf8')).trim()
  return isInstanceHex(secret) ? secret : null
}
