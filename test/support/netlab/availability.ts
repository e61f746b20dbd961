/**
 * Whether this machine can run the lab: root, `ip netns` that really creates a namespace, and `nft` and `tc`
 * that work inside one. In CI the lab is required (a missing package must fail the run, not hide the tests);
 * elsewhere its tests may skip, saying why.
 */
import { execIn, NetlabError, run } from './commands'
import { NAMESPACE_PREFIX } from './cleanup'
import { createNamespace, removeNamespace } from './namespaces'

export type LabAvailability = { available: true } | { available: false; reason: string }

let checked: Promise<LabAvailability> | undefined

/** Checks once per process (it creates and removes one namespace). */
export function labAvailable(): Promise<LabAvailability> {
  checked ??= check()
  return checked
}

/**
 * For `describe.skipIf(await labSkipReason())` / `test.skip(reason !== undefined, reason)`: undefined when the
 * lab works; a sentence when it does not and this is not CI; throws `NETLAB_UNAVAILABLE` in CI.
 */
export async function labSkipReason(): Promise<string | undefined> {
  const availability = await labAvailable()
  if (availability.available) return undefined
  if (isCi()) throw new NetlabError('NETLAB_UNAVAILABLE', `CI needs the network lab, but ${availability.reason}`)
  return `network lab unavailable: ${availability.reason} (run as root with iproute2 and nftables; with CI=true this fails instead)`
}

export function isCi(): boolean {
  const value = process.env.CI?.toLowerCase()
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

async function check(): Promise<LabAvailability> {
  if (process.platform !== 'linux') return { available: false, reason: `network namespaces need Linux, this is ${process.platform}` }
  if (process.getuid?.() !== 0) return { available: false, reason: 'the tests do not run as root' }
  for (const [command, args, install] of [
    ['ip', ['-V'], 'iproute2'],
    ['nft', ['--version'], 'nftables'],
    ['tc', ['-V'], 'iproute2'],
  ] as const) {
    const works = await run(command, args, { allowFailure: true }).then((result) => result.code === 0, () => false)
    if (!works) return { available: false, reason: `${command} is missing (apt-get install ${install})` }
  }
  const probe = `${NAMESPACE_PREFIX}${process.pid}-probe`
  try {
    await createNamespace(probe)
    await execIn(probe, 'nft', ['list', 'ruleset'])
    await run('tc', ['-n', probe, 'qdisc', 'show'])
    return { available: true }
  } catch (error) {
    return { available: false, reason: `a test namespace does not work: ${(error as Error).message}` }
  } finally {
    await removeNamespace(probe)
  }
}
