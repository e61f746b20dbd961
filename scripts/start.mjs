// `npm start` and `npm run dev`: make sure Electron's binary is there, then hand over to electron-vite.
//
// Electron 45 no longer downloads its binary when it is installed; it downloads on first use. electron-vite
// does not trigger that: it reads node_modules/electron/path.txt, which exists only after the download, and
// throws "Electron uninstall". So this script runs Electron's own installer the first time (with its checksums,
// mirrors and proxy settings), says what it is doing, explains a failure in plain words and exits non-zero;
// then it starts electron-vite with ELECTRON_EXEC_PATH set, so electron-vite launches exactly what we found.
//
//   node scripts/start.mjs preview|dev [-- args for the app]
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { nodeSupport } from './first-run/node-support.mjs'
import { electronPackageDir, electronVersion, findElectronBinary } from './first-run/electron-binary.mjs'
import { adviceFor, diagnose, downloadBase, errorLine } from './first-run/download-advice.mjs'

const [mode, ...appArgs] = process.argv.slice(2)
if (mode !== 'preview' && mode !== 'dev') {
  console.error('usage: node scripts/start.mjs preview|dev [-- app arguments]')
  process.exit(2)
}

const support = nodeSupport(process.version)
if (support.verdict !== 'ok') console.error(support.message)
if (support.verdict === 'refuse') process.exit(1)

const packageDir = electronPackageDir()
const version = electronVersion(packageDir)
let binary = findElectronBinary(packageDir)
if (!binary.found && binary.reason === 'missing-exec-path') {
  console.error(`Electron was pointed at ${binary.path} (ELECTRON_EXEC_PATH or ELECTRON_OVERRIDE_DIST_PATH), and there is nothing there. Fix or unset the variable, then run npm start again.`)
  process.exit(1)
}
if (!binary.found) {
  await download()
  binary = findElectronBinary(packageDir)
  if (!binary.found) {
    console.error(`Electron's installer finished, but there is still no binary in ${join(packageDir, 'dist')}. Delete that folder and run npm start again.`)
    process.exit(1)
  }
}

const electronVite = join(createRequire(import.meta.url).resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js')
const child = spawn(process.execPath, [electronVite, mode, ...appArgs], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary.path },
})
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

async function download() {
  console.log(`First run: downloading Electron ${version} (${process.platform}-${process.arch}, about 110 MB) into ${join(packageDir, 'dist')}.`)
  console.log('This happens once; later starts skip it.')
  const started = Date.now()
  // A progress bar needs a terminal; the installer's output is captured to explain a failure, so we show time.
  const ticker = process.stdout.isTTY ? setInterval(() => process.stdout.write(`\r  still downloading… ${Math.round((Date.now() - started) / 1000)} s`), 2000) : undefined
  const { code, output } = await new Promise((resolve) => {
    const installer = spawn(process.execPath, [join(packageDir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let output = ''
    installer.stdout.on('data', (chunk) => (output += chunk))
    installer.stderr.on('data', (chunk) => (output += chunk))
    installer.on('error', (error) => resolve({ code: 1, output: String(error) }))
    installer.on('close', (code) => resolve({ code, output }))
  })
  if (ticker) {
    clearInterval(ticker)
    process.stdout.write('\n')
  }
  if (code === 0) {
    console.log(`Electron ${version} is ready (${Math.round((Date.now() - started) / 1000)} s).`)
    return
  }
  const base = downloadBase()
  const cause = await diagnose(output, base)
  console.error('')
  console.error(adviceFor(cause, { version, base, detail: errorLine(output), usingProxy: Boolean(process.env.ELECTRON_GET_USE_PROXY) }))
  process.exit(1)
}
