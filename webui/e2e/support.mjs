// A small runner for browser journeys: named steps in order (the first failure skips the
// rest), a screenshot on failure, and the browser's console errors counted as failures.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (tests/e2e/test_webui.py sets it)`);
  }
  return value;
}

export class Journey {
  constructor(page, screenshots) {
    this.page = page;
    this.screenshots = screenshots;
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
    this.consoleErrors = [];
    this.allowed = [];
    // A failed request's console line names only the page: keep the requests that failed,
    // so the report says which one it was.
    this.failedRequests = [];
    page.on('response', (response) => {
      if (response.status() >= 400) {
        const request = response.request();
        this.failedRequests.push(`${request.method()} ${response.url()} → ${response.status()}`);
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !this.allowed.some((re) => re.test(message.text()))) {
        const recent = this.failedRequests.slice(-3).join('; ');
        this.consoleErrors.push(
          `${message.text()} (page ${page.url()}${recent ? `; last failed requests: ${recent}` : ''})`,
        );
      }
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`${error.message} (${page.url()})`));
  }

  /** Console errors the current step expects (a 401 it provokes on purpose). */
  allowConsole(pattern) {
    this.allowed.push(pattern);
  }

  async step(name, body) {
    this.allowed = [];
    if (this.failed) {
      this.skipped++;
      console.log(`- ${name} (skipped)`);
      return;
    }
    const started = Date.now();
    const errorsBefore = this.consoleErrors.length;
    try {
      await body();
      const fresh = this.consoleErrors.slice(errorsBefore);
      if (fresh.length) {
        throw new Error(`console errors:\n  ${fresh.join('\n  ')}`);
      }
      this.passed++;
      console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      this.failed++;
      console.log(`✗ ${name}: ${error?.stack ?? error}`);
      await this.shot(`failure-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  }

  async shot(name) {
    await mkdir(this.screenshots, { recursive: true });
    // A full-page shot of a scrolled page draws the sticky top bar mid-page: start from the top.
    await this.page.evaluate(() => window.scrollTo(0, 0));
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path: join(this.screenshots, `${name}.png`), fullPage: true });
  }

  /** The exit code; prints the closing line the test runners read. */
  finish() {
    const skipped = this.skipped ? `, ${this.skipped} skipped` : '';
    console.log(`webui: ${this.passed} passed, ${this.failed} failed${skipped}`);
    return this.failed ? 1 : 0;
  }
}
