/**
 * Headless Chromium for the dashboard tests: Debian's /usr/bin/chromium driven by playwright-core
 * (no downloaded browser), with the flags for a machine without network access. Tests skip when
 * the binary is missing, saying so in their name.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.BO_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const skipReason = hasChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM}; install Debian's chromium package or set BO_CHROMIUM)`;

export const CLOSED_NETWORK_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CLOSED_NETWORK_FLAGS });
}

/** Where screenshots go: .bo-tmp/ of the repository (gitignored), for people to look at. */
export function screenshotDir(): string {
  const dir = path.resolve(import.meta.dirname, '../../.bo-tmp/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
