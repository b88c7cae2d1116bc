/**
 * Global setup of the lab suite (vitest.lab.config.ts): one data folder for the deployment suites, so the
 * base root filesystem and golden layers built by the first are reused by the next. QUORUM_LAB_TEST_DIR
 * keeps the base and golden layers between runs while developing; otherwise the folder is removed at the
 * end unless a lab's mounts are still below it (QUORUM_LAB_KEEP=1 leaves the last lab up).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { hasMountsBelow } from './node-root';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The deployment suites' data folder. */
    labDeployDir: string;
  }
}

/** Makes the folder, hands it to the test files (`inject('labDeployDir')`), removes it at the end. */
export default function setup(project: TestProject): () => void {
  const keepDir = process.env.QUORUM_LAB_TEST_DIR;
  const dir = keepDir ?? mkdtempSync('/var/tmp/quorum-lab-deploy-');
  project.provide('labDeployDir', dir);
  return () => {
    if (!keepDir && !hasMountsBelow(dir)) rmSync(dir, { recursive: true, force: true });
  };
}
