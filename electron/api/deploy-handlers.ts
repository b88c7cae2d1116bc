import type { HandlersFor } from '../../shared/api/dispatcher';
import type { deployOperations } from '../../shared/api/operations/deploy';
import type { DeployService } from '../runner/deploy-service';
import type { CallContext } from './host';

/** Deploy: preflight, host keys, credentials, runs and their output credit. */
export function deployHandlers(
  deploy: DeployService,
): HandlersFor<keyof typeof deployOperations, CallContext> {
  return {
    deployLoadPlan: async ({ plan }) => {
      await deploy.loadPlan(plan);
      return {};
    },
    deployAttach: () => deploy.attach(),
    deploySetCredentials: async (credentials) => {
      await deploy.setCredentials(credentials);
      return {};
    },
    deployCredentialStorage: () => deploy.credentialStorage(),
    deployAddKnownHosts: async ({ lines }) => {
      await deploy.knownHosts.addLines(lines);
      return {};
    },
    deployTrustHostKey: async ({ host, port, key }) => {
      await deploy.knownHosts.trust(host, port, Buffer.from(key, 'base64'));
      return {};
    },
    deployPreflight: async () => ({ rows: await deploy.preflight() }),
    deployDryRun: () => deploy.dryRun(),
    deployStart: async ({ options }) => ({ runId: await deploy.start(options) }),
    deployCheckStep: async ({ step }) => ({ nodes: await deploy.checkStep(step) }),
    deployRunStep: async ({ step, options }) => ({ runId: await deploy.runStep(step, options) }),
    deployStop: ({ runId }) => (deploy.stop(runId), {}),
    deployCancel: ({ runId }) => (deploy.cancel(runId), {}),
    deployResume: ({ runId }) => (deploy.resume(runId), {}),
    deployRetry: async ({ runId, step, node }) => {
      await deploy.retry(runId, step, node);
      return {};
    },
    deploySkip: async ({ runId, step, node }) => {
      await deploy.skip(runId, step, node);
      return {};
    },
    deployAck: ({ runId, chars }) => (deploy.ack(runId, chars), {}),
    shellOpen: async ({ node, cols, rows }) => ({
      shellId: await deploy.shells.open(deploy.node(node), cols, rows),
    }),
    shellInput: ({ shellId, data }) => (deploy.shells.input(shellId, data), {}),
    shellResize: ({ shellId, cols, rows }) => (deploy.shells.resize(shellId, cols, rows), {}),
    shellClose: ({ shellId }) => (deploy.shells.close(shellId), {}),
  };
}
