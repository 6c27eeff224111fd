/**
 * A headless Chromium for the project's browser tests, never downloaded: Debian's `/usr/bin/chromium`
 * when the machine has one, else the Chromium that ships inside the npm package `@sparticuz/chromium`
 * (a devDependency, so `npm ci` brings it; it unpacks itself to the temp dir on first use).
 */
import fs from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep a headless run quiet on a closed network: no background connections, no sync, no updates. */
const QUIET = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchedChromium {
  context: BrowserContext;
  /** Which browser ran: `system` (/usr/bin/chromium) or `npm` (@sparticuz/chromium). */
  source: 'system' | 'npm';
  executablePath: string;
}

/** Where the browser comes from: the system one when present (or when ROLLCALL_CHROMIUM names one), else the npm one. */
export async function chromiumExecutable(): Promise<{ source: 'system' | 'npm'; executablePath: string; args: string[] }> {
  const named = process.env.ROLLCALL_CHROMIUM;
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`ROLLCALL_CHROMIUM names ${named}, which does not exist`);
    return { source: 'system', executablePath: named, args: QUIET };
  }
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { source: 'system', executablePath: SYSTEM_CHROMIUM, args: QUIET };
  const executablePath = await sparticuz.executablePath();
  // The package's own flags (single process, no zygote...) are what its build needs; ours keep it off the network.
  return { source: 'npm', executablePath, args: [...new Set([...sparticuz.args, ...QUIET.filter((f) => f !== '--headless')])] };
}

/** A persistent context on a fresh, empty profile directory (how playwright takes --user-data-dir). */
export async function launchChromium(profileDir: string, viewport = { width: 1280, height: 900 }): Promise<LaunchedChromium> {
  const { source, executablePath, args } = await chromiumExecutable();
  const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args, viewport });
  return { context, source, executablePath };
}
