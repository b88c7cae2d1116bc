// Child process for the data-lock tests: takes the lock of the folder given, says so on stdout (or prints
// the error), then holds it until killed or told to exit on stdin.
import { acquireDataLock } from '../data-lock.ts';

const [dataDir] = process.argv.slice(2);
try {
  acquireDataLock(dataDir, 'quorum serve');
  process.stdout.write('locked\n');
} catch (error) {
  process.stdout.write(`refused ${error.message}\n`);
  process.exit(3);
}
process.stdin.on('data', () => process.exit(0));
