// vnu.mjs: how the tests start the Nu Html Checker (vnu.jar, with the
// machine's Java): the java arguments before the checker's own.
// C1 alone (-XX:TieredStopAtLevel=1) halves the CPU of a run, which lasts a
// second or two (1.8 s against 3.6 s of CPU for six pages, the same
// messages); without the C2 compiler the checker's schema needs a larger
// thread stack than the default (it says so: StackOverflowError), so -Xss2m.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vnuJar = path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/vnu-jar/build/dist/vnu.jar');

export const VNU_JAVA = ['-Xss2m', '-XX:TieredStopAtLevel=1', '-jar', vnuJar];
