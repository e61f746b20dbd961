/**
 * A camera that is harder to encode than Chromium's fake one (`BENCH_Y4M=1`): Chromium's generated pattern is
 * mostly flat and still, so its encoder needs few bits and a bandwidth cap shows mostly as a lower bitrate. This
 * writes a 640×480, 20 fps `.y4m` with ffmpeg (moving test pattern plus temporal noise, as a camera sensor adds),
 * 10 s long (Chromium loops it), into the bench's cache at bench time: ~90 MB, never committed.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export async function prepareY4m(path: string): Promise<string> {
  if (existsSync(path)) return path
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=20,noise=alls=12:allf=t', '-t', '10', '-pix_fmt', 'yuv420p', '-y', path]
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'BENCH_Y4M=1 needs ffmpeg (apt-get install ffmpeg)' : error.message)),
    )
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${errors.slice(-500)}`))))
  })
  return path
}
