// The journey of a person in the web studio, in Debian's headless Chromium driven by
// playwright-core (no downloaded browser). Started by tests/e2e/test_webui.py, which starts the
// platform and passes what the journey needs through FLOWLOOM_* variables. Every step must pass
// and the browser console must stay free of errors; screenshots land in e2e/screenshots/.
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { env, Journey } from './support.mjs';

const base = env('FLOWLOOM_URL');
const password = env('FLOWLOOM_PASSWORD');
const repoUrl = env('FLOWLOOM_E2E_REPO');
const workflowFile = env('FLOWLOOM_E2E_WORKFLOW');
const inputFile = env('FLOWLOOM_E2E_INPUT');
const footerFile = env('FLOWLOOM_E2E_FOOTER');
const expected = env('FLOWLOOM_E2E_EXPECTED');
const downloads = env('FLOWLOOM_E2E_DOWNLOADS');
const echoWorkflowFile = env('FLOWLOOM_E2E_ECHO_WORKFLOW');
const typedPassword = env('FLOWLOOM_E2E_TYPED_PASSWORD');
const projectSecret = env('FLOWLOOM_E2E_PROJECT_SECRET');
const DESIGNED = 'shout-sign-count';
const LONG = 240_000; // builds install Python environments: minutes on a cold cache

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const context = await browser.newContext({
  viewport: { width: 1366, height: 800 },
  acceptDownloads: true,
  baseURL: base,
});
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const journey = new Journey(page, new URL('./screenshots/', import.meta.url).pathname);
await mkdir(downloads, { recursive: true });

await journey.step('log in', async () => {
  await page.goto('/');
  await page.waitForURL('**/login**');
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await journey.shot('login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/settings/projects');
  await page.getByTestId('role').filter({ hasText: 'admin' }).waitFor();
});

await journey.step('create a project and switch to it', async () => {
  await page.getByLabel('Name', { exact: true }).fill('journey');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('button', { name: 'Switch to journey' }).click();
  await page.waitForURL('**/library/repositories');
  await expectValue(page.getByTestId('project-switcher'), 'journey');
});

await journey.step('add a git repository', async () => {
  await page.getByRole('button', { name: 'Add repository' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a repository' });
  await dialog.getByLabel('Name', { exact: true }).fill('journey-actions');
  await dialog.getByLabel('URL', { exact: true }).fill(repoUrl);
  await dialog.getByLabel('Branch', { exact: true }).fill('main');
  await dialog.getByRole('button', { name: 'Add repository' }).click();
  await page.waitForURL('**/library/repositories/*');
  await page.getByRole('heading', { name: 'journey-actions' }).waitFor();
});

await journey.step('scan and see the broken action with its file and line', async () => {
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  await page.getByTestId('scan-state').filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
  const errors = page.getByTestId('scan-errors');
  await errors.waitFor();
  const row = errors.locator('tbody tr').filter({ hasText: 'ryax_metadata.yaml' }).first();
  const text = await row.innerText();
  if (!/nonsense|type/i.test(text) || !/\t\d+\t/.test(text)) {
    throw new Error(`the scan error does not name the type and its line: ${text}`);
  }
  await page.locator('tr[data-action="shout"]').getByText('Scanned').waitFor();
});

await journey.step('build all and see Built', async () => {
  await page.getByRole('button', { name: 'Build all' }).click();
  for (const name of ['shout', 'sign', 'count', 'echo']) {
    await page
      .locator(`tr[data-action="${name}"]`)
      .getByText('Built', { exact: true })
      .waitFor({ timeout: LONG });
  }
  await page.getByRole('button', { name: 'Build log of shout' }).click();
  // Exact: the build log, once loaded, says 'succeeded' too.
  await page.getByTestId('build-panel').getByText('Succeeded', { exact: true }).waitFor();
  await journey.shot('repository');
  await nav('Repositories').click();
  await page.getByRole('link', { name: 'journey-actions' }).waitFor();
  await journey.shot('repositories');
});

await journey.step("browse the catalogue and an action's IO", async () => {
  await nav('Catalogue').click();
  await page.locator('a[data-action="shout"]').waitFor({ timeout: 30_000 });
  await page.locator('a[data-action="count"]').waitFor();
  await journey.shot('catalogue');
  await page.getByLabel('Search').fill('shout');
  await page.locator('a[data-action="count"]').waitFor({ state: 'detached' });
  await page.getByLabel('Kind').selectOption('Processor');
  await page.locator('a[data-action="shout"]').click();
  await page.getByRole('heading', { name: 'shout action' }).waitFor();
  const inputs = page.getByRole('table', { name: 'Inputs' });
  await inputs.locator('tr[data-io="text"]').getByText('file', { exact: true }).waitFor();
  await inputs.locator('tr[data-io="suffix"]').getByText('the suffix').waitFor();
  await journey.shot('action');
});

await journey.step('import a workflow.yaml and see its problem', async () => {
  await nav('Workflows').click();
  await page.getByRole('button', { name: 'Import workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel('File').setInputFiles(workflowFile);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL('**/studio/workflows/*');
  await page.getByRole('heading', { name: 'shout-and-count' }).waitFor();
  await page.getByTestId('problems').locator('tr[data-code="unknown_variable"]').waitFor();
  await journey.shot('workflow-problems');
});

await journey.step('fix the problem by setting the missing variable', async () => {
  await page.getByRole('button', { name: 'Set variable' }).click();
  const dialog = page.getByRole('dialog', { name: /Set the variable/ });
  await expectValue(dialog.getByLabel('Type'), 'string');
  await dialog.getByLabel('Value').fill('!');
  await dialog.getByRole('button', { name: 'Save variable' }).click();
  await page.getByTestId('no-problem').waitFor();
});

// -- design --
await journey.step('create a workflow to design in the graph editor', async () => {
  await nav('Workflows').click();
  await page.getByRole('button', { name: 'New workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workflow' });
  await dialog.getByLabel('Name').fill(DESIGNED);
  await dialog.getByLabel('Description').fill('Shout an uploaded text, sign it, count its words.');
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await page.waitForURL('**/studio/workflows/*');
  await page.getByRole('heading', { name: DESIGNED }).waitFor();
  await page.getByTestId('problems').locator('tr[data-code="no_trigger"]').waitFor();
  await node('trigger').getByTestId('node-problems').waitFor();
});

await journey.step('pick a manual trigger with a file field', async () => {
  await node('trigger').click();
  await panel().getByRole('heading', { name: 'What starts a run' }).waitFor();
  await panel()
    .getByLabel(/Manual/)
    .check();
  await panel().getByRole('button', { name: '+ Add output' }).click();
  await panel().getByLabel('Name of output 1').fill('doc');
  await panel().getByLabel('Type of output 1').selectOption('file');
  await panel().getByRole('button', { name: 'Save trigger' }).click();
  await saved('Trigger saved');
  await node('trigger').getByText('Ready').waitFor();
  await panel().getByText('trigger.doc').waitFor();
  await journey.shot('editor-trigger');
});

await journey.step('add a step from the catalogue and see its unbound input', async () => {
  await addStep('shout', '');
  const text = input('text');
  await text.getByLabel('Source of text').selectOption('ref');
  await text.getByLabel('Output for text').selectOption('trigger.doc');
  await saved('text bound');
  await page.locator('[data-edge="trigger>shout"]').waitFor();
  // The suffix is required and still unbound: the node, the input and the summary say so.
  await node('shout').getByText('1 problem').waitFor();
  await input('suffix').locator('[data-code="missing_required_input"]').waitFor();
  await page.getByTestId('problems').locator('tr[data-code="missing_required_input"]').waitFor();
  await journey.shot('editor-problem');
  // The summary's button selects the node the problem is about.
  await panel().getByRole('button', { name: 'Close panel' }).click();
  await page.getByTestId('problems').getByRole('button', { name: 'Show shout' }).click();
  await panel().getByRole('heading', { name: 'shout' }).waitFor();
});

await journey.step('fix the problem with a typed value', async () => {
  await input('suffix').getByLabel('Source of suffix').selectOption('literal');
  await input('suffix').getByLabel('Value of suffix').fill('!');
  await input('suffix').getByLabel('Value of suffix').press('Tab');
  await saved('suffix bound');
  await node('shout').getByText('Ready').waitFor();
  await absent(input('suffix').getByTestId('input-problem'));
});

await journey.step('bind the suffix to a new project variable instead', async () => {
  await input('suffix').getByLabel('Source of suffix').selectOption('variable');
  await input('suffix').getByRole('button', { name: '+ New variable' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project variable' });
  await dialog.getByLabel('Name').fill('mark');
  await expectValue(dialog.getByLabel('Type'), 'string');
  await dialog.getByLabel('Value').fill('!');
  await dialog.getByRole('button', { name: 'Save variable' }).click();
  await input('suffix')
    .getByLabel('Variable for suffix')
    .locator('option:checked', { hasText: 'mark (string)' })
    .waitFor({ state: 'attached' });
  await node('shout').getByText('Ready').waitFor();
});

await journey.step('add a step bound to an upstream output and an uploaded file', async () => {
  await addStep('sign', 'shout');
  await input('body').getByLabel('Source of body').selectOption('ref');
  await input('body').getByLabel('Output for body').selectOption('shout.loud');
  await saved('body bound');
  await input('footer').getByLabel('Source of footer').selectOption('file');
  await input('footer').getByLabel('File for footer').setInputFiles(footerFile);
  await saved('footer.txt uploaded');
  await input('footer').getByTestId('static-file').getByText('footer.txt').waitFor();
  await node('sign').getByText('Ready').waitFor();
  await page.locator('[data-edge="shout>sign"]').waitFor();
});

await journey.step('add a third step, open it from the keyboard and connect it', async () => {
  await addStep('count', '');
  await page.locator('[data-edge="trigger>count"]').waitFor();
  await panel().getByRole('button', { name: 'Close panel' }).click();
  await node('count').focus();
  await page.keyboard.press('Enter');
  await panel().getByRole('heading', { name: 'count' }).waitFor();
  // Escape closes the panel and gives the focus back to the node.
  await page.keyboard.press('Escape');
  await panel().getByRole('heading', { name: 'Results' }).waitFor();
  await page.keyboard.press('Enter');
  await panel().getByRole('heading', { name: 'count' }).waitFor();
  await input('file').getByLabel('Source of file').selectOption('ref');
  const picker = input('file').getByLabel('Output for file');
  // Only file outputs fit a file input: shout's and sign's files, the trigger's doc.
  const offered = await picker.locator('option:not([disabled])').allInnerTexts();
  if (offered.some((o) => /words/.test(o)) || !offered.some((o) => /sign\.signed/.test(o))) {
    throw new Error(`the picker offers ${offered.join(', ')}`);
  }
  await picker.selectOption('sign.signed');
  await saved('file bound');
  await page.locator('[data-edge="sign>count"]').waitFor();
  await absent(page.locator('[data-edge="trigger>count"]'));
  await node('count').getByText('Ready').waitFor();
});

await journey.step('give a step a condition, retries and a timeout', async () => {
  await panel().getByLabel('Run only when (CEL)').fill('steps.nowhere.words > 1');
  await panel().getByLabel('Attempts').fill('2');
  await panel().getByLabel('Timeout (s)').fill('120');
  await panel().getByRole('button', { name: 'Save settings' }).click();
  await saved('Step saved');
  await panel().getByTestId('step-problems').locator('[data-code="invalid_condition"]').waitFor();
  await node('count').getByText('1 problem').waitFor();
  await panel().getByLabel('Run only when (CEL)').fill('');
  await panel().getByRole('button', { name: 'Save settings' }).click();
  await node('count').getByText('Ready').waitFor();
  await expectValue(panel().getByLabel('Attempts'), '2');
  await expectValue(panel().getByLabel('Timeout (s)'), '120');
});

await journey.step('set the results and see the workflow ready', async () => {
  await panel().getByRole('button', { name: 'Close panel' }).click();
  const results = page.getByTestId('results-editor');
  await results.getByRole('button', { name: '+ Add result' }).click();
  await results.getByLabel('Name of result 1').fill('signed');
  await results.getByLabel('Output of result 1').selectOption('sign.signed');
  await results.getByRole('button', { name: '+ Add result' }).click();
  await results.getByLabel('Name of result 2').fill('words');
  await results.getByLabel('Output of result 2').selectOption('count.words');
  await results.getByRole('button', { name: 'Save results' }).click();
  await saved('Results saved');
  await page.getByTestId('no-problem').waitFor();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Fit' }).click();
  await dismissToasts();
  await journey.shot('editor');
  await node('sign').click();
  await dismissToasts();
  await journey.shot('editor-step');
  await page.setViewportSize({ width: 1024, height: 768 });
  await journey.shot('editor-1024px');
  await page.setViewportSize({ width: 1366, height: 800 });
});

await journey.step('connect a step by dragging on the canvas, then delete it', async () => {
  await addStep('count', '', 'count-2');
  await node('count-2').getByTestId('node-problems').waitFor();
  const from = await node('shout').locator('.handle').boundingBox();
  const to = await node('count-2').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await saved('count-2 runs after shout');
  await page.locator('[data-edge="shout>count-2"].needs').waitFor();
  await node('count-2').click();
  await panel().getByRole('button', { name: 'Delete step' }).click();
  await panel().getByRole('button', { name: 'Click again to delete count-2' }).click();
  await saved('Step deleted');
  await node('count-2').waitFor({ state: 'detached' });
  await page.getByTestId('no-problem').waitFor();
});

await journey.step('deploy', async () => {
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page
    .getByTestId('deployment')
    .getByText('Deployed', { exact: true })
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('deployment').getByText('v1').waitFor();
  await absent(page.getByTestId('edited'));
  await journey.shot('workflow');
  await nav('Workflows').click();
  await page
    .locator(`tr[data-workflow="${DESIGNED}"]`)
    .getByText('Deployed', { exact: true })
    .waitFor();
  await journey.shot('workflows');
});

await journey.step('start a run from the generated form with a file', async () => {
  await page.getByRole('link', { name: DESIGNED }).click();
  await page.getByRole('button', { name: 'Start a run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a run' });
  await dialog.getByLabel(/^doc/).setInputFiles(inputFile);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL('**/runs/*');
});

await journey.step('watch the logs arrive', async () => {
  await page
    .getByTestId('run-state')
    .filter({ hasText: /Completed|Error|Canceled/ })
    .waitFor({ timeout: 120_000 });
  const state = await page.getByTestId('run-state').innerText();
  if (state.trim() !== 'Completed') {
    throw new Error(
      `the run ended ${state}: ${await page.locator('.alert.danger').allInnerTexts()}`,
    );
  }
  const shout = page.locator('article[data-step="shout"]');
  await shout.getByTestId('execution-log').getByText('shouting').waitFor({ timeout: 30_000 });
  await page
    .locator('article[data-step="sign"]')
    .getByTestId('execution-log')
    .getByText('signed')
    .waitFor();
  await page
    .locator('article[data-step="count"]')
    .getByTestId('execution-log')
    .getByText('8 words')
    .waitFor();
  await page.getByTestId('results').locator('[data-result="words"]').getByText('8').waitFor();
});

await journey.step('see the run as a graph and a timeline', async () => {
  const dag = page.getByTestId('run-dag');
  for (const step of ['shout', 'sign', 'count']) {
    const node = dag.locator(`[data-node="${step}"][data-state="Success"]`);
    await node.getByTestId('state').getByText('Success', { exact: true }).waitFor();
    const bar = page.getByTestId('run-timeline').locator(`[data-bar="${step}"]`);
    const title = await bar.getByTestId('timeline-bar').getAttribute('title');
    if (!title?.startsWith(`${step}: Success, attempt 1, started `)) {
      throw new Error(`the timeline bar of ${step} says ${title}`);
    }
  }
  await dag.locator('[data-edge="shout>sign"]').waitFor();
  await dag.locator('[data-edge="sign>count"]').waitFor();
  await absent(dag.locator('[data-edge="trigger>sign"]'));
  await dismissToasts();
  await journey.shot('run');
  await page.setViewportSize({ width: 1024, height: 768 });
  await journey.shot('run-1024px');
  await page.setViewportSize({ width: 1366, height: 800 });
  // Enter on a node opens that step's details and moves the focus to them.
  const sign = page.locator('article[data-step="sign"]');
  await sign.getByRole('button', { name: 'Hide details' }).click();
  await sign.getByTestId('execution-log').waitFor({ state: 'detached' });
  await dag.locator('[data-node="sign"]').focus();
  await page.keyboard.press('Enter');
  await sign.getByTestId('execution-log').getByText('signed').waitFor();
  await page.locator('article[data-step="sign"] h3:focus').waitFor();
});

await journey.step('download the result file and check its text', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('results').locator('[data-result="signed"]').getByTestId('download').click(),
  ]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  const text = await readFile(path, 'utf8');
  if (text !== expected) {
    throw new Error(
      `the downloaded file holds ${JSON.stringify(text)}, not ${JSON.stringify(expected)}`,
    );
  }
});

await journey.step('edit the deployed workflow and see the change wait for a deploy', async () => {
  await nav('Workflows').click();
  await page.getByRole('link', { name: DESIGNED }).click();
  await node('count').click();
  await panel().getByLabel('Timeout (s)').fill('90');
  await panel().getByRole('button', { name: 'Save settings' }).click();
  await saved('Step saved');
  await page.getByTestId('edited').getByText('deploy again').waitFor();
});

await journey.step('see the run in the list', async () => {
  await nav('Runs').click();
  await page.getByTestId('runs').getByText('Completed').first().waitFor();
  await journey.shot('runs');
});

// -- secrets in logs: an action prints a typed password and a project secret --
await journey.step('set a project secret in Settings → Secrets', async () => {
  await nav('Settings').click();
  await settingsTab('Secrets').click();
  await page.getByLabel('Name', { exact: true }).fill('api-token');
  await page.getByLabel('Value', { exact: true }).fill(projectSecret);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('cell', { name: 'api-token', exact: true }).waitFor();
  await expectValue(page.getByLabel('Value', { exact: true }), '');
  await dismissToasts();
  await journey.shot('settings-secrets');
});

await journey.step('import a workflow that uses the secret and deploy it', async () => {
  await nav('Workflows').click();
  await page.getByRole('button', { name: 'Import workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
  await dialog.getByLabel('File').setInputFiles(echoWorkflowFile);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL('**/studio/workflows/*');
  await page.getByRole('heading', { name: 'echo-secrets' }).waitFor();
  // The secret is known (no unknown_secret problem): the studio saw the one just set.
  await page.getByTestId('no-problem').waitFor();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page
    .getByTestId('deployment')
    .getByText('Deployed', { exact: true })
    .waitFor({ timeout: 120_000 });
});

await journey.step('type a password into the run form and see *** in the live log', async () => {
  await page.getByRole('button', { name: 'Start a run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start a run' });
  const field = dialog.getByLabel(/^pw/);
  if ((await field.getAttribute('type')) !== 'password') {
    throw new Error('the password field of the run form is not masked');
  }
  await field.fill(typedPassword);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL('**/runs/*');
  // The action sleeps after printing: its lines arrive through the stream while it runs.
  const log = page.locator('article[data-step="echo"]').getByTestId('execution-log');
  await printed(log, 60_000);
  const state = (await page.getByTestId('run-state').innerText()).trim();
  if (state !== 'Running' || (await log.innerText()).includes('done')) {
    throw new Error(`the log was read after the action ended (the run is ${state})`);
  }
  await onlyMasked(log);
  await dismissToasts();
  await journey.shot('run-masked-live');
});

await journey.step('reload the ended run and still see only ***', async () => {
  await page
    .getByTestId('run-state')
    .filter({ hasText: /Completed|Error|Canceled/ })
    .waitFor({ timeout: 120_000 });
  const state = (await page.getByTestId('run-state').innerText()).trim();
  if (state !== 'Completed') {
    throw new Error(`the run ended ${state}`);
  }
  await page.reload();
  const log = page.locator('article[data-step="echo"]').getByTestId('execution-log');
  await printed(log);
  await log.getByText('done').waitFor();
  await onlyMasked(log);
  await dismissToasts();
  await journey.shot('run-masked');
});

await journey.step('see the project variables', async () => {
  await nav('Settings').click();
  await page.getByRole('link', { name: 'Variables' }).click();
  await page.getByRole('cell', { name: 'suffix', exact: true }).waitFor();
  await journey.shot('settings-variables');
});

await journey.step('refresh the access token near expiry and after a refusal', async () => {
  const session = () => page.evaluate(() => JSON.parse(localStorage.getItem('flowloom.session')));
  const before = await session();
  // Near expiry: the next call rotates the refresh token first.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('flowloom.session'));
    localStorage.setItem('flowloom.session', JSON.stringify({ ...s, expiresAt: Date.now() }));
  });
  await page.reload();
  await page.getByRole('cell', { name: 'suffix', exact: true }).waitFor();
  const rotated = await session();
  if (rotated.refresh === before.refresh || rotated.access === before.access) {
    throw new Error('the tokens were not rotated near expiry');
  }
  // Refused (a token the services cannot verify): one refresh, then the call again.
  journey.allowConsole(/status of 401/);
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('flowloom.session'));
    const access = s.access.slice(0, -6) + (s.access.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    localStorage.setItem('flowloom.session', JSON.stringify({ ...s, access }));
  });
  await page.reload();
  await page.getByRole('cell', { name: 'suffix', exact: true }).waitFor();
  const again = await session();
  if (again.refresh === rotated.refresh) {
    throw new Error('a refused token did not lead to a refresh');
  }
});

await journey.step('a viewer sees no edit button', async () => {
  const admin = await api('POST', '/api/authorization/login', { username: 'admin', password });
  const token = admin.access_token;
  const projects = await api('GET', '/api/authorization/projects', null, token);
  const project = projects.items.find((p) => p.name === 'journey');
  await api(
    'POST',
    '/api/authorization/users',
    { username: 'vera', password: 'viewer password 1', full_name: 'Vera' },
    token,
  );
  await api(
    'POST',
    `/api/authorization/projects/${project.id}/members`,
    { username: 'vera', role: 'viewer' },
    token,
  );
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login**');
  await page.getByLabel('Username').fill('vera');
  await page.getByLabel('Password').fill('viewer password 1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('role').filter({ hasText: 'viewer' }).waitFor();
  await nav('Repositories').click();
  await page.getByRole('link', { name: 'journey-actions' }).click();
  // Exact: 'Actions' is also part of the page's title, journey-actions, once it has loaded.
  await page.getByRole('heading', { name: 'Actions', exact: true }).waitFor();
  await page.locator('tr[data-action="shout"]').getByText('Built').waitFor();
  await absent(page.getByRole('button', { name: /^(Scan|Build all|Build shout)$/ }));
  await nav('Workflows').click();
  await page.locator(`tr[data-workflow="${DESIGNED}"]`).waitFor();
  await absent(page.getByRole('button', { name: /Import workflow|New workflow/ }));
  await page.getByRole('link', { name: DESIGNED }).click();
  await page.getByTestId('deployment').getByText('Deployed', { exact: true }).waitFor();
  await node('sign').click();
  await input('footer').getByTestId('static-file').getByText('footer.txt').waitFor();
  await absent(page.getByRole('button', { name: /Deploy|Undeploy|Start a run|Add step|Save/ }));
  await journey.shot('viewer-workflow');
});

await journey.step('an admin creates a user in Settings → Users', async () => {
  await logInAs('admin', password);
  await useProject('journey');
  await nav('Settings').click();
  await settingsTab('Users').click();
  await page.getByTestId('users').locator('tr[data-user="admin"]').waitFor();
  const form = page.getByRole('region', { name: 'New user' });
  await form.getByLabel('Username').fill('otto');
  await form.getByLabel(/^Full name/).fill('Otto Nakamura');
  // Too short: the platform's error shows under the password field.
  journey.allowConsole(/status of 422/);
  await form.getByLabel('Password', { exact: true }).fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page
    .locator('#user-password-error')
    .getByText(/at least 8/)
    .waitFor();
  await journey.shot('settings-users-error');
  await form.getByLabel('Password', { exact: true }).fill('operator password 1');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page
    .getByTestId('users')
    .locator('tr[data-user="otto"]')
    .getByText('User', { exact: true })
    .waitFor();
  await absent(page.locator('#user-password-error .error'));
  await dismissToasts();
  await page.getByRole('button', { name: 'Edit otto' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit otto' });
  await dialog.getByLabel('Email').fill('otto@example.test');
  await journey.shot('settings-user-dialog');
  await dialog.getByRole('button', { name: 'Save user' }).click();
  await page
    .getByTestId('users')
    .locator('tr[data-user="otto"]')
    .getByText('otto@example.test')
    .waitFor();
  await dismissToasts();
  await journey.shot('settings-users');
});

await journey.step('add the user to the project as viewer, then make them operator', async () => {
  await settingsTab('Members').click();
  await page.getByTestId('members').locator('tr[data-member="vera"]').waitFor();
  await page.getByLabel('Username').fill('otto');
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Add member' }).click();
  const role = page.getByRole('combobox', { name: 'Role of otto' });
  await role.waitFor();
  await expectValue(role, 'viewer');
  await role.selectOption('operator');
  await page.getByRole('button', { name: 'Save the role of otto' }).click();
  await page.getByText('otto is now operator').waitFor();
  await page.reload();
  await expectValue(page.getByRole('combobox', { name: 'Role of otto' }), 'operator');
  await dismissToasts();
  await journey.shot('settings-members');
});

await journey.step('create an API key, use its secret, revoke it', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await settingsTab('API keys').click();
  await page.getByLabel('Name', { exact: true }).fill('journey-ci');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const created = page.getByTestId('new-api-key');
  await created.getByRole('heading', { name: 'Copy your new API key now' }).waitFor();
  const secret = await created.getByRole('textbox', { name: 'Secret of journey-ci' }).inputValue();
  await created.getByRole('button', { name: 'Copy the secret of journey-ci' }).click();
  await created.getByText('Copied ✓').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== secret) {
    throw new Error(`the clipboard holds ${JSON.stringify(copied)}, not the secret`);
  }
  const exchanged = await exchange(secret);
  if (exchanged.status !== 200) {
    throw new Error(`the new key was refused: ${exchanged.status} ${await exchanged.text()}`);
  }
  const { access_token } = await exchanged.json();
  const me = await api('GET', '/api/authorization/me', null, access_token);
  if (me.user.username !== 'admin') {
    throw new Error(`the key acts as ${me.user.username}, not admin`);
  }
  await page
    .getByTestId('api-keys')
    .locator('tr[data-key="journey-ci"]')
    .getByText('Active')
    .waitFor();
  await dismissToasts();
  await journey.shot('settings-api-key-created');
  await created.getByRole('button', { name: 'I have copied it' }).click();
  await created.waitFor({ state: 'detached' });
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Revoke journey-ci' }).click();
  await page
    .getByTestId('api-keys')
    .locator('tr[data-key="journey-ci"]')
    .getByText('Revoked')
    .waitFor();
  const refused = await exchange(secret);
  if (refused.status !== 401 && refused.status !== 403) {
    throw new Error(`a revoked key was answered ${refused.status}, not refused`);
  }
  await dismissToasts();
  await journey.shot('settings-api-keys');
});

await journey.step("start a run with the workflow's webhook curl example", async () => {
  await nav('Workflows').click();
  await page.getByRole('link', { name: 'shout-and-count' }).click();
  await page.getByRole('heading', { name: 'shout-and-count' }).waitFor();
  // The imported workflow (a file and a text field) is deployed only now: a webhook needs that.
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page
    .getByTestId('deployment')
    .getByText('Deployed', { exact: true })
    .waitFor({ timeout: 120_000 });
  await page.getByRole('main').getByRole('link', { name: 'Runs', exact: true }).click();
  await page.waitForURL(/\/runs\?workflow=/);
  const panel = page.getByTestId('webhook');
  const curl = await panel.getByTestId('curl').innerText();
  const url = curl.match(/^curl -X POST '([^']+)'/)?.[1];
  if (!url?.startsWith(`${base}/api/runner/hooks/`)) {
    throw new Error(`the example does not POST to this origin's webhook:\n${curl}`);
  }
  if ((await panel.getByRole('textbox', { name: 'Webhook URL' }).inputValue()) !== url) {
    throw new Error('the webhook URL and the curl example differ');
  }
  // The same body as the example: its -F fields, with our file for each `@path`.
  const body = new FormData();
  for (const [, name, value] of curl.matchAll(/-F '([^=']+)=([^']*)'/g)) {
    if (value.startsWith('@')) {
      body.append(name, new Blob([await readFile(inputFile)]), 'words.txt');
    } else {
      body.append(name, value);
    }
  }
  if (![...body.keys()].includes('doc') || ![...body.keys()].includes('who')) {
    throw new Error(`the example does not send the trigger's doc and who:\n${curl}`);
  }
  const answer = await fetch(url, { method: 'POST', body });
  if (answer.status !== 202) {
    throw new Error(`the webhook answered ${answer.status}: ${await answer.text()}`);
  }
  const { run_id } = await answer.json();
  const row = page
    .getByTestId('runs')
    .locator('tr')
    .filter({ hasText: run_id.slice(0, 8) });
  await row.getByText('webhook').waitFor({ timeout: 30_000 });
  await row.getByText('Completed').waitFor({ timeout: 120_000 });
  await dismissToasts();
  await journey.shot('runs-webhook');
});

await journey.step('a viewer sees members but cannot change them, and no Users tab', async () => {
  await logInAs('vera', 'viewer password 1');
  await nav('Settings').click();
  await settingsTab('Members').click();
  await page
    .getByTestId('members')
    .locator('tr[data-member="otto"]')
    .getByText('operator')
    .waitFor();
  await absent(page.getByRole('button', { name: /Add member|Remove/ }));
  await absent(page.getByRole('combobox', { name: /^Role of/ }));
  await absent(settingsTab('Users'));
  await journey.shot('viewer-members');
  await nav('Runs').click();
  await page.getByLabel('Workflow').selectOption({ label: 'shout-and-count' });
  await page.getByTestId('runs').waitFor();
  await absent(page.getByTestId('webhook'));
});

await journey.step('log out', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login**');
});

await browser.close();
process.exit(journey.finish());

async function api(method, path, body, token) {
  const response = await page.request.fetch(path, {
    method,
    data: body ?? undefined,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok()) {
    throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  }
  return response.json();
}

/** The echo step's log shows a line for each of its inputs (masked or not). */
async function printed(log, timeout) {
  for (const line of ['text: hello', 'password: ', 'token: ']) {
    await log.getByText(line).waitFor({ timeout });
  }
}

/** Neither the typed password nor the project secret is anywhere on the run page (its log,
 * the step's inputs, the trigger's values), and the log shows them as ***. */
async function onlyMasked(log) {
  const text = await log.innerText();
  const html = await page.content();
  for (const [what, value] of [
    ['typed password', typedPassword],
    ['project secret', projectSecret],
  ]) {
    if (text.includes(value) || html.includes(value)) {
      throw new Error(`the ${what} is on the run page; its log says:\n${text}`);
    }
  }
  const lines = [
    "{'text': 'hello', 'password': '***', 'token': '***'}",
    'password: ***',
    'token: ***',
  ];
  const missing = lines.filter((line) => !text.includes(line));
  if (missing.length) {
    throw new Error(`the log lacks ${missing.join(' and ')}:\n${text}`);
  }
}

async function absent(locator) {
  const count = await locator.count();
  if (count) {
    throw new Error(`${count} element(s) a viewer must not see: ${locator}`);
  }
}

async function logInAs(username, secret) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login**');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** Work in the named project (a fresh login may start in none). */
async function useProject(name) {
  const switcher = page.getByTestId('project-switcher');
  const current = await switcher.evaluate((s) => s.selectedOptions[0]?.textContent?.trim());
  if (current !== name) {
    await switcher.selectOption({ label: name });
    await page.getByTestId('role').filter({ hasText: 'admin' }).waitFor();
    await expectValue(switcher, name);
  }
}

/** Dismiss the toasts, so a screenshot shows the page beneath. */
async function dismissToasts() {
  const buttons = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
  for (let tries = 0; tries < 5 && (await buttons.count()); tries++) {
    // A toast may leave by itself (after 5 s) while we reach for it.
    await buttons
      .first()
      .click({ timeout: 1000 })
      .catch(() => undefined);
  }
}

function settingsTab(name) {
  return page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name });
}

function exchange(apiKey) {
  return fetch(`${base}/api/authorization/api-keys/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: apiKey }),
  });
}

/** A node of the graph editor's canvas. */
function node(id) {
  return page.locator(`[data-testid="graph"] [data-node="${id}"]`);
}

function panel() {
  return page.getByTestId('panel');
}

/** An input of the step open in the panel. */
function input(name) {
  return panel().locator(`[data-input="${name}"]`);
}

/** Wait for the editor to say a change was saved. */
async function saved(what) {
  await page.getByTestId('save-status').filter({ hasText: what }).waitFor();
}

async function addStep(action, after, id = action) {
  await page.getByRole('button', { name: '+ Add step' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a step' });
  await dialog.locator(`label[data-action="${action}"]`).click();
  await expectValue(dialog.getByLabel('Step id'), id);
  await dialog.getByLabel('Runs after').selectOption(after);
  await dialog.getByRole('button', { name: 'Add step' }).click();
  await saved('Step added');
  await panel().getByRole('heading', { name: id }).waitFor();
  await node(id).waitFor();
}

function nav(name) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
}

/** The control shows `wanted` within a few seconds (the page renders after the event). */
async function expectValue(locator, wanted, within = 5_000) {
  const deadline = Date.now() + within;
  for (;;) {
    const value = await locator.evaluate((element) =>
      element instanceof HTMLSelectElement
        ? element.selectedOptions[0]?.textContent?.trim()
        : element.value,
    );
    if (value === wanted) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`expected ${wanted}, found ${value}`);
    }
    await page.waitForTimeout(100);
  }
}
