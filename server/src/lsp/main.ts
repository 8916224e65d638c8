// httpd-lsp entry point: `httpd-lsp --stdio` (or --node-ipc / --socket=N when started by a client library).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ApacheServer } from './server';
import { tuneHeap } from './heap-tuning';
import { tuneCompiler } from './compiler-tuning';
import { writeMessagesWhole } from './whole-messages';
import { collectWhenQuiet } from './idle-gc';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: httpd-lsp --stdio\nLanguage server for Apache httpd configuration files.\n');
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

tuneHeap();
tuneCompiler();
if (process.argv.includes('--stdio')) writeMessagesWhole(process.stdout);
const connection = createConnection(ProposedFeatures.all);
// Keep stdout for the protocol: route console output to the client's log.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
new ApacheServer(connection).register();
connection.listen();
collectWhenQuiet();
