// Child process for the crash test: replaces the target atomically but stops right before the rename,
// says so on stdout, and waits to be killed.
import { writeFileAtomic } from '../atomic-write.ts';

const [target, content] = process.argv.slice(2);
writeFileAtomic(target, content, {
  beforeRename(temp) {
    process.stdout.write(`ready ${temp}\n`);
    // Block here (synchronously, like a stalled disk) until the parent kills the process.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
