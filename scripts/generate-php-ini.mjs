// Generates server/src/data/php-ini.generated.json: every php.ini name the installed PHP knows,
// who may change it (PHP's access bits: 1 user, 2 per-directory, 4 system) and its compiled
// default. Run where PHP is installed (Debian 12: php8.2-cli beside libapache2-mod-php8.2):
//   node scripts/generate-php-ini.mjs
// The extensions are those the CLI loads from conf.d (Debian shares them with mod_php); the
// defaults come from `php -n` so no php.ini edit shows through.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'server', 'src', 'data', 'php-ini.generated.json');
const php = process.env.PHP ?? 'php';

const run = (args) => execFileSync(php, args, { encoding: 'utf8' });
const extensions = JSON.parse(run(['-r', 'echo json_encode(get_loaded_extensions());']));
const builtIn = new Set(JSON.parse(run(['-n', '-r', 'echo json_encode(get_loaded_extensions());'])));
const load = extensions.filter((e) => !builtIn.has(e)).flatMap((e) => ['-d', `${/opcache/i.test(e) ? 'zend_extension' : 'extension'}=${e.toLowerCase().replace(/^zend /, '')}`]);
const version = run(['-n', '-r', 'echo PHP_VERSION;']);
const all = JSON.parse(run(['-n', ...load, '-r', 'echo json_encode(ini_get_all(null, true));']));
// The Apache SAPI registers these itself; the CLI cannot list them.
const apacheSapi = { engine: { global_value: '1', access: 7 }, xbithack: { global_value: '0', access: 7 }, child_terminate: { global_value: '0', access: 7 }, last_modified: { global_value: '0', access: 7 } };
// The CLI's own names (readline, pcntl, the built-in web server) do not exist under mod_php.
const cliOnly = /^(cli\.|cli_server\.|pcntl\.)/;
const entries = Object.entries({ ...all, ...apacheSapi }).filter(([name]) => !cliOnly.test(name)).sort(([a], [b]) => a.localeCompare(b));
const lines = entries.map(([name, v]) => `    ${JSON.stringify({ name, access: v.access, default: v.global_value ?? '' })}`);
fs.writeFileSync(out, `{\n  "generator": "scripts/generate-php-ini.mjs",\n  "source": ${JSON.stringify(`PHP ${version} (Debian 12), extensions: ${extensions.join(', ')}`)},\n  "entries": [\n${lines.join(',\n')}\n  ]\n}\n`);
console.log(`${entries.length} ini names written to ${path.relative(process.cwd(), out)}`);
