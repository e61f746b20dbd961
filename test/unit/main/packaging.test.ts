import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * What macOS needs before the app may use the camera and microphone: our own usage descriptions in Info.plist
 * (the text of the prompt; Electron's default is a generic "This app needs access to the camera") and, under
 * the hardened runtime, the device entitlements (without them capture fails without a prompt). Read as text:
 * the build config has no parser among our dependencies.
 */
const builderConfig = readFileSync('electron-builder.yml', 'utf8')
const entitlements = readFileSync('build/entitlements.mac.plist', 'utf8')

/** The lines of a top-level YAML block such as `mac:`, without comments. */
function block(yaml: string, key: string): string {
  const lines = yaml.split('\n')
  const start = lines.indexOf(`${key}:`)
  if (start === -1) throw new Error(`no top-level ${key}: block`)
  const body: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    if (!line.startsWith(' ')) break
    body.push(line)
  }
  return body.join('\n')
}

function entitlement(name: string): boolean | undefined {
  const match = new RegExp(`<key>${name.replaceAll('.', '\\.')}</key>\\s*<(true|false)/>`).exec(entitlements)
  return match ? match[1] === 'true' : undefined
}

describe('electron-builder.yml for macOS', () => {
  const mac = block(builderConfig, 'mac')

  it('explains in Info.plist why the app uses the camera and the microphone', () => {
    expect(mac).toMatch(/^ {2}extendInfo:$/m)
    expect(mac).toMatch(/^ {4}NSCameraUsageDescription: \S.{20,}$/m)
    expect(mac).toMatch(/^ {4}NSMicrophoneUsageDescription: \S.{20,}$/m)
  })

  it('signs with the hardened runtime and the entitlements file, for the app and its helpers', () => {
    expect(mac).toMatch(/^ {2}hardenedRuntime: true$/m)
    expect(mac).toMatch(/^ {2}entitlements: build\/entitlements\.mac\.plist$/m)
    expect(mac).toMatch(/^ {2}entitlementsInherit: build\/entitlements\.mac\.plist$/m)
  })
})

describe('electron-builder.yml for tonghwa:// links', () => {
  it('declares the tonghwa scheme, for Info.plist on macOS and the .desktop MimeType on Linux', () => {
    const protocols = block(builderConfig, 'protocols')
    expect(protocols).toMatch(/^ {2}- name: Tonghwa$/m)
    expect(protocols).toMatch(/^ {4}schemes:\n {6}- tonghwa$/m)
  })

  it('uses the scheme the app registers and parses', async () => {
    const { DEEP_LINK_SCHEME } = await import('../../../src/main/deep-link')
    expect(block(builderConfig, 'protocols')).toContain(`- ${DEEP_LINK_SCHEME}`)
  })
})

describe('build/entitlements.mac.plist', () => {
  it('grants the camera and audio input under the hardened runtime', () => {
    expect(entitlement('com.apple.security.device.camera')).toBe(true)
    expect(entitlement('com.apple.security.device.audio-input')).toBe(true)
  })

  it('allows the JIT V8 needs, and nothing that weakens the runtime further', () => {
    expect(entitlement('com.apple.security.cs.allow-jit')).toBe(true)
    expect(entitlements).not.toContain('com.apple.security.cs.disable-library-validation')
    expect(entitlements).not.toContain('com.apple.security.cs.allow-dyld-environment-variables')
    expect(entitlements).not.toContain('com.apple.security.cs.disable-executable-page-protection')
  })
})
